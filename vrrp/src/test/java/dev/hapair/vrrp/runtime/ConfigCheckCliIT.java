package dev.hapair.vrrp.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/hapair-vrrp -t -f FILE} as systemd's ExecReload runs it: the real launcher and shaded jar, in a
 * separate process, checking exit codes and the printed file:line.
 */
class ConfigCheckCliIT {
    @TempDir
    Path dir;

    private record Run(int exit, String out, String err) {}

    private static Path launcher() {
        Path bin = Path.of("").toAbsolutePath().getParent().resolve("bin/hapair-vrrp");
        Path jar = Path.of("target/hapair-vrrp.jar").toAbsolutePath();
        if (!Files.isExecutable(bin) || !Files.isRegularFile(jar)) {
            fail("needs " + bin + " and " + jar + " (run through 'mvn verify', which packages first)");
        }
        return bin;
    }

    private Run run(String... args) throws IOException, InterruptedException {
        return run(Map.of(), args);
    }

    private Run run(Map<String, String> env, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(launcher().toString());
        cmd.addAll(List.of(args));
        Path out = dir.resolve("out.txt");
        Path err = dir.resolve("err.txt");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile());
        pb.environment().remove("CREDENTIALS_DIRECTORY");
        pb.environment().putAll(env);
        Process p = pb.start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("hapair-vrrp -t did not finish within 60 s");
        }
        return new Run(
                p.exitValue(),
                Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    @Test
    void validInvalidAndMissingFiles() throws Exception {
        Path good = Files.writeString(
                dir.resolve("good.conf"),
                "global_defs {\n  vrrp_no_swap\n}\n"
                        + "vrrp_instance VI_1 {\n  state BACKUP\n  interface lo\n  virtual_router_id 51\n  nopreempt\n"
                        + "  virtual_ipaddress {\n    10.213.0.10/24 dev eth0 label eth0:vip\n  }\n}\n");
        Run ok = run("-t", "-f", good.toString());
        assertEquals(0, ok.exit(), ok.err());
        assertTrue(
                ok.err().startsWith(good + ":2: warning: 'vrrp_no_swap' only tunes keepalived's internals"), ok.err());
        assertTrue(ok.out().startsWith("Configuration file " + good + " is valid"), ok.out());

        Path bad = Files.writeString(
                dir.resolve("bad.conf"),
                "vrrp_instance VI_1 {\n  interface eth0\n"
                        + "  virtual_router_id 300\n  virtual_ipaddress {\n    10.213.0.10\n  }\n}\n");
        Run ko = run("-f", bad.toString(), "-t");
        assertEquals(1, ko.exit());
        assertTrue(
                ko.err().startsWith(bad + ":3: virtual_router_id 300 out of range 1..255 in vrrp_instance VI_1\n"),
                ko.err());

        Run missing = run("-t", "-f", dir.resolve("absent.conf").toString());
        assertEquals(1, missing.exit());

        Run usage = run("-t", "-f");
        assertEquals(2, usage.exit());
    }

    /**
     * An auth_hmac key from a systemd credential, as keepalived's documentation writes it: systemd's
     * LoadCredential= sets CREDENTIALS_DIRECTORY for ExecStartPre/ExecReload's {@code -t} as for the daemon.
     */
    @Test
    void authHmacKeyFromASystemdCredential() throws Exception {
        Path creds = Files.createDirectories(dir.resolve("credentials/hapair-vrrp.service"));
        Path key = Files.writeString(creds.resolve("vrrp_hmac"), "hex:" + "5a".repeat(32) + "\n");
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("r--------"));
        Path conf = Files.writeString(
                dir.resolve("hmac.conf"),
                "vrrp_instance VI_1 {\n  interface lo\n  virtual_router_id 51\n"
                        + "  virtual_ipaddress {\n    10.213.0.10/24\n  }\n"
                        + "  auth_hmac {\n    key 1 file:${_ENV CREDENTIALS_DIRECTORY}/vrrp_hmac\n"
                        + "    active_key 1\n  }\n}\n");
        Run ok = run(Map.of("CREDENTIALS_DIRECTORY", creds.toString()), "-t", "-f", conf.toString());
        assertEquals(0, ok.exit(), ok.err());

        Run unset = run("-t", "-f", conf.toString());
        assertEquals(1, unset.exit(), unset.err());
        assertTrue(
                unset.err()
                        .startsWith(conf + ":8: ${_ENV CREDENTIALS_DIRECTORY}: the environment variable"
                                + " CREDENTIALS_DIRECTORY is not set\n"),
                unset.err());

        Run wrongDir = run(Map.of("CREDENTIALS_DIRECTORY", dir.toString()), "-t", "-f", conf.toString());
        assertEquals(1, wrongDir.exit(), wrongDir.err());
        assertTrue(wrongDir.err().contains(dir.resolve("vrrp_hmac").toString()), wrongDir.err());
    }
}
