package dev.hapair.proxy.tls;

import dev.hapair.testkit.Prerequisites;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Certificates made with the {@code openssl} CLI in a test's directory: a CA and leaves it signs. */
public final class TestCerts {
    private final Path dir;

    public TestCerts(Path dir) throws IOException, InterruptedException {
        Prerequisites.assumeCommands("openssl");
        this.dir = dir;
        openssl(
                "req",
                "-x509",
                "-newkey",
                "rsa:2048",
                "-nodes",
                "-keyout",
                "ca.key",
                "-out",
                "ca.pem",
                "-days",
                "30",
                "-subj",
                "/CN=hapair test CA");
    }

    public Path ca() {
        return dir.resolve("ca.pem");
    }

    /**
     * A leaf for {@code cn} with DNS subjectAltNames {@code sans} (none: the CN alone names it), signed by the
     * CA: {@code NAME.crt} and {@code NAME.key} (PKCS#8).
     */
    public Path leaf(String name, String cn, String... sans) throws IOException, InterruptedException {
        return leaf(List.of("-newkey", "rsa:2048"), name, cn, sans);
    }

    /** As {@link #leaf} with an ECDSA P-256 key. */
    public Path ecLeaf(String name, String cn, String... sans) throws IOException, InterruptedException {
        return ecLeafOn("P-256", name, cn, sans);
    }

    /** As {@link #leaf} with an ECDSA key on {@code curve} (OpenSSL's name, e.g. P-384). */
    public Path ecLeafOn(String curve, String name, String cn, String... sans)
            throws IOException, InterruptedException {
        return leaf(List.of("-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:" + curve), name, cn, sans);
    }

    /** As {@link #bundle} with an ECDSA P-256 key. */
    public Path ecBundle(String name, String cn, String... sans) throws IOException, InterruptedException {
        ecLeaf(name, cn, sans);
        return concat(name);
    }

    private Path leaf(List<String> newKey, String name, String cn, String... sans)
            throws IOException, InterruptedException {
        List<String> req = new ArrayList<>(List.of("req"));
        req.addAll(newKey);
        req.addAll(List.of("-nodes", "-keyout", name + ".key", "-out", name + ".csr", "-subj", "/CN=" + cn));
        openssl(req.toArray(String[]::new));
        List<String> sign = new ArrayList<>(List.of(
                "x509",
                "-req",
                "-in",
                name + ".csr",
                "-CA",
                "ca.pem",
                "-CAkey",
                "ca.key",
                "-CAcreateserial",
                "-out",
                name + ".crt",
                "-days",
                "30"));
        if (sans.length > 0) {
            StringBuilder ext = new StringBuilder("subjectAltName=");
            for (int i = 0; i < sans.length; i++) {
                ext.append(i == 0 ? "" : ",").append("DNS:").append(sans[i]);
            }
            Files.writeString(dir.resolve(name + ".ext"), ext + "\n");
            sign.addAll(List.of("-extfile", name + ".ext"));
        }
        openssl(sign.toArray(String[]::new));
        return dir.resolve(name + ".crt");
    }

    /** A self-signed certificate for {@code subject} (e.g. {@code /CN=rogue}), not from the CA: NAME.crt, NAME.key. */
    public Path selfSigned(String name, String subject) throws IOException, InterruptedException {
        openssl(
                "req",
                "-x509",
                "-newkey",
                "rsa:2048",
                "-nodes",
                "-keyout",
                name + ".key",
                "-out",
                name + ".crt",
                "-days",
                "30",
                "-subj",
                subject);
        return dir.resolve(name + ".crt");
    }

    /** {@code NAME.pem}: the leaf's certificate then its key, as HAProxy's {@code crt} expects. */
    public Path bundle(String name, String cn, String... sans) throws IOException, InterruptedException {
        leaf(name, cn, sans);
        return concat(name);
    }

    private Path concat(String name) throws IOException {
        Path pem = dir.resolve(name + ".pem");
        Files.writeString(
                pem, Files.readString(dir.resolve(name + ".crt")) + Files.readString(dir.resolve(name + ".key")));
        return pem;
    }

    /**
     * {@code crl.pem}: the CA's revocation list naming {@code NAME.crt} of each of {@code names} (made with
     * {@code openssl ca}, valid 30 days).
     */
    public Path crl(String... names) throws IOException, InterruptedException {
        Files.writeString(
                dir.resolve("ca.cnf"),
                "[ ca ]\ndefault_ca = d\n[ d ]\ndatabase = index.txt\ncrlnumber = crlnumber\ndefault_md = sha256\n"
                        + "default_crl_days = 30\n");
        Files.writeString(dir.resolve("index.txt"), "");
        Files.writeString(dir.resolve("crlnumber"), "01\n");
        for (String n : names) {
            openssl("ca", "-config", "ca.cnf", "-keyfile", "ca.key", "-cert", "ca.pem", "-revoke", n + ".crt");
        }
        openssl("ca", "-config", "ca.cnf", "-keyfile", "ca.key", "-cert", "ca.pem", "-gencrl", "-out", "crl.pem");
        return dir.resolve("crl.pem");
    }

    public Path key(String name) {
        return dir.resolve(name + ".key");
    }

    public String openssl(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add("openssl");
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("openssl " + String.join(" ", args) + " failed: " + out);
        }
        return out;
    }
}
