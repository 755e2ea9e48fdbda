package dev.hapair.proxy.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hapair.testkit.Prerequisites;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Debian's {@code testssl.sh} against a bind with Mozilla's "intermediate" settings (its ciphers, TLS 1.2 and
 * 1.3, no tickets, HSTS; the server's cipher order, as testssl 3.0 rates client order HIGH): protocols,
 * cipher categories, server preferences and the vulnerability checks report nothing LOW or worse, and
 * nothing below TLS 1.2 is offered. Certificate checks are left out: they judge the test's own PKI. Bounded:
 * {@code --fast}, at most 5 minutes.
 */
class MozillaIntermediateIT {

    @TempDir
    static Path dir;

    static final String INTERMEDIATE_CIPHERS = "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:"
            + "ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:ECDHE-ECDSA-CHACHA20-POLY1305:"
            + "ECDHE-RSA-CHACHA20-POLY1305:DHE-RSA-AES128-GCM-SHA256:DHE-RSA-AES256-GCM-SHA384:"
            + "DHE-RSA-CHACHA20-POLY1305";

    @Test
    void mozillaIntermediateHasNoFindingAndNothingBelowTls12() throws Exception {
        Prerequisites.assumeCommands("openssl", "testssl");
        TestCerts certs = new TestCerts(dir);
        certs.bundle("s", "localhost", "localhost");
        TlsClients clients = new TlsClients(dir, certs);
        int port = TlsClients.freePort();
        Path cfg = Files.writeString(
                dir.resolve("p.cfg"),
                String.join(
                        "\n",
                        "global",
                        "    ssl-default-bind-ciphers " + INTERMEDIATE_CIPHERS,
                        "    ssl-default-bind-ciphersuites "
                                + "TLS_AES_128_GCM_SHA256:TLS_AES_256_GCM_SHA384:TLS_CHACHA20_POLY1305_SHA256",
                        "    ssl-default-bind-options no-sslv3 no-tlsv10 no-tlsv11 no-tls-tickets",
                        "defaults",
                        "    mode http",
                        "    timeout connect 2s",
                        "    timeout client 10s",
                        "    timeout server 10s",
                        "frontend f",
                        "    bind 127.0.0.1:" + port + " ssl crt " + dir.resolve("s.pem") + " alpn http/1.1",
                        "    http-response set-header Strict-Transport-Security max-age=63072000",
                        "    http-request return status 200 content-type text/plain string ok",
                        ""));
        Process proxy = TlsClients.start(cfg, dir.resolve("out.log"));
        try {
            Path json = dir.resolve("testssl.json");
            Process t = new ProcessBuilder(
                            "testssl",
                            "--quiet",
                            "--warnings",
                            "off",
                            "--color",
                            "0",
                            "--fast",
                            "-p",
                            "-s",
                            "-P",
                            "-U",
                            "--jsonfile",
                            json.toString(),
                            "127.0.0.1:" + port)
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("testssl.txt").toFile())
                    .start();
            if (!t.waitFor(5, TimeUnit.MINUTES)) {
                t.destroyForcibly();
                throw new AssertionError("testssl took more than 5 minutes");
            }
            List<Map<String, String>> findings = findings(Files.readString(json));
            assertTrue(findings.size() > 20, "testssl ran its checks: " + Files.readString(dir.resolve("testssl.txt")));
            List<String> bad = new ArrayList<>();
            for (Map<String, String> f : findings) {
                String sev = f.get("severity");
                // WARN is about testssl's own OpenSSL (e.g. it has no RC4 to test with), not the server
                if (List.of("LOW", "MEDIUM", "HIGH", "CRITICAL").contains(sev)) {
                    bad.add(sev + " " + f.get("id") + ": " + f.get("finding"));
                }
            }
            assertEquals(List.of(), bad);
            for (String old : List.of("SSLv2", "SSLv3", "TLS1", "TLS1_1")) {
                assertEquals("not offered", finding(findings, old), old);
            }
            assertEquals("offered", finding(findings, "TLS1_2"));
            assertTrue(finding(findings, "TLS1_3").startsWith("offered"), finding(findings, "TLS1_3"));
        } finally {
            TlsClients.stop(proxy);
        }
    }

    private static String finding(List<Map<String, String>> all, String id) {
        return all.stream()
                .filter(f -> id.equals(f.get("id")))
                .map(f -> f.get("finding"))
                .findFirst()
                .orElse("(absent)");
    }

    /** testssl's flat JSON: a list of objects of string fields (no nesting), read without a JSON library. */
    static List<Map<String, String>> findings(String json) {
        List<Map<String, String>> out = new ArrayList<>();
        Matcher obj = Pattern.compile("\\{([^{}]*)\\}").matcher(json);
        Pattern field = Pattern.compile("\"([a-zA-Z_]+)\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");
        while (obj.find()) {
            Map<String, String> f = new java.util.HashMap<>();
            Matcher m = field.matcher(obj.group(1));
            while (m.find()) {
                f.put(m.group(1), m.group(2));
            }
            out.add(f);
        }
        return out;
    }
}
