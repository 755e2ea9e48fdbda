package dev.hapair.proxy.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hapair.common.config.SourceLocation;
import dev.hapair.proxy.config.ConfigDiagnostic;
import dev.hapair.proxy.config.HaproxyConfigLoader;
import dev.hapair.proxy.config.SharedConfigs;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code hapair-proxy -c} exit codes and output, as {@code haproxy -c}. */
class ConfigCheckTest {

    private static final String VALID = "defaults\n  timeout connect 1s\n  timeout client 1s\n  timeout server 1s\n"
            + "frontend f\n  bind 127.0.0.1:8080\n  default_backend b\nbackend b\n  server s1 127.0.0.1:8000 check\n";

    @TempDir
    Path tmp;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    /**
     * The accounts the guides name ({@code user ha}, {@code user haproxy}/{@code group haproxy}): the
     * shared configs' reference verdict assumes they exist, as it does for HAProxy.
     */
    static final Privileges.Accounts GUIDE_ACCOUNTS = new Privileges.Accounts() {
        @Override
        public java.util.OptionalInt uid(String user) {
            return Set.of("ha", "haproxy").contains(user)
                    ? java.util.OptionalInt.of(1000)
                    : java.util.OptionalInt.empty();
        }

        @Override
        public java.util.OptionalInt gid(String group) {
            return group.equals("haproxy") ? java.util.OptionalInt.of(1000) : java.util.OptionalInt.empty();
        }
    };

    /** Resolves only the names listed. */
    private static ConfigCheck check(Set<String> resolvable) {
        return new ConfigCheck(
                new HaproxyConfigLoader(Map.of()),
                resolvable::contains,
                ConfigCheck.RUNTIME_VALIDATORS,
                GUIDE_ACCOUNTS);
    }

    @Test
    void unknownUserOrGroupIsAnErrorLikeHaproxy() throws Exception {
        Path p = write("u.cfg", "global\n  user nosuchuser\n  group haproxy\n  gid 4242\n" + VALID);
        assertEquals(ConfigCheck.EXIT_INVALID, run(check(Set.of()), true, p));
        assertTrue(err().contains(p + ":2: cannot find user id for 'nosuchuser'"), err());
        Path ok = write("ok.cfg", "global\n  user ha\n  group haproxy\n  chroot /var/empty\n  daemon\n" + VALID);
        assertEquals(0, run(check(Set.of()), false, ok), err());
    }

    private int run(ConfigCheck check, boolean quiet, Path... files) {
        return check.run(
                List.of(files),
                quiet,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    private Path write(String name, String content) throws Exception {
        Path p = tmp.resolve(name);
        Files.writeString(p, content);
        return p;
    }

    @Test
    void validConfigExitsZero() throws Exception {
        assertEquals(ConfigCheck.EXIT_VALID, run(check(Set.of()), false, write("ok.cfg", VALID)));
        assertEquals("Configuration file is valid\n", out());
        assertEquals("", err());
    }

    @Test
    void errorsExitOneAndNameFileLineAndKeyword() throws Exception {
        Path bad = write("bad.cfg", VALID + "  balanse roundrobin\n");
        assertEquals(ConfigCheck.EXIT_INVALID, run(check(Set.of()), false, bad));
        assertTrue(
                err().contains("[ALERT] " + bad + ":10: unknown keyword 'balanse' in backend 'b'"
                        + " (did you mean 'balance'?)"),
                err());
        assertTrue(err().contains("Fatal errors found in configuration."), err());
        assertEquals("", out());
    }

    @Test
    void quietPrintsNothingOnSuccessButStillPrintsErrors() throws Exception {
        assertEquals(0, run(check(Set.of()), true, write("ok.cfg", VALID + "  option tcp-smart-connect\n")));
        assertEquals("", out());
        assertEquals("", err());
        assertEquals(1, run(check(Set.of()), true, write("bad.cfg", "global\n  deamon\n")));
        assertTrue(err().contains("bad.cfg:2: unknown keyword 'deamon'"), err());
        // what hapair does not implement fails the check, and -q still says why
        Path unsupported = write("drop.cfg", VALID + "  http-request silent-drop\n");
        assertEquals(1, run(check(Set.of()), true, unsupported));
        assertTrue(
                err().contains(unsupported + ":10: 'http-request silent-drop' is not supported by hapair-proxy"),
                err());
        assertEquals("", out());
    }

    @Test
    void warningsArePrintedAndTheConfigStaysValid() throws Exception {
        Path p = write("w.cfg", VALID + "  option tcp-smart-connect\n");
        assertEquals(0, run(check(Set.of()), false, p));
        assertTrue(
                err().contains("[WARNING] " + p
                        + ":10: 'option tcp-smart-connect' only tunes HAProxy's internals and is"
                        + " ignored by hapair-proxy"),
                err());
        assertEquals("Warnings were found.\nConfiguration file is valid\n", out());
    }

    @Test
    void whatTheRuntimeCannotCompileFailsTheCheck() throws Exception {
        Path p = write(
                "acl.cfg",
                VALID.replace(
                        "  default_backend b\n", "  acl x pth_beg /api\n  use_backend b if x\n  default_backend b\n"));
        assertEquals(ConfigCheck.EXIT_INVALID, run(check(Set.of()), false, p));
        assertTrue(err().contains(p + ":7:"), err());
        assertTrue(err().contains("pth_beg"), err());
        assertEquals("", out());
    }

    @Test
    void validatorWarningsDoNotFailTheCheck() throws Exception {
        ConfigDiagnostic note = ConfigDiagnostic.warning(SourceLocation.NONE, "", "just a note");
        ConfigCheck c = new ConfigCheck(new HaproxyConfigLoader(Map.of()), h -> true, List.of(cfg -> List.of(note)));
        assertEquals(0, run(c, false, write("ok.cfg", VALID)));
        assertTrue(err().contains("just a note"), err());
        ConfigDiagnostic alert = ConfigDiagnostic.alert(new SourceLocation("x.cfg", 3), "k", "refused");
        ConfigCheck refusing =
                new ConfigCheck(new HaproxyConfigLoader(Map.of()), h -> true, List.of(cfg -> List.of(alert)));
        assertEquals(1, run(refusing, true, write("ok2.cfg", VALID)));
        assertTrue(err().contains("[ALERT] x.cfg:3: refused"), err());
    }

    @Test
    void noListenerExitsTwoLikeHaproxy() throws Exception {
        assertEquals(
                ConfigCheck.EXIT_NO_LISTENER,
                run(check(Set.of()), false, write("b.cfg", "backend b\n  server s 127.0.0.1:80\n")));
        assertTrue(out().contains("will not start (no listener)"), out());
    }

    @Test
    void unresolvableServerNamesWarnButDoNotFail() throws Exception {
        Path p = write("names.cfg", VALID + "  server s2 nginx-1:81 check\n  server s3 known-host:81\n");
        assertEquals(0, run(check(Set.of("known-host")), false, p));
        assertTrue(err().contains(p + ":10: backend 'b': server 's2': could not resolve address 'nginx-1'"), err());
        assertTrue(!err().contains("known-host"), err());
        assertTrue(!err().contains("127.0.0.1"), "IP literals are never looked up: " + err());
    }

    @Test
    void severalFilesAndDirectories() throws Exception {
        Path dir = tmp.resolve("d");
        Files.createDirectories(dir);
        Files.writeString(
                dir.resolve("1.cfg"),
                "defaults\n  timeout connect 1s\n  timeout client 1s\n" + "  timeout server 1s\n");
        Files.writeString(dir.resolve("2.cfg"), "backend b\n  server s 127.0.0.1:80\n");
        Path fe = write("fe.cfg", "frontend f\n  bind :80\n  default_backend b\n");
        assertEquals(0, run(check(Set.of()), false, dir, fe));
        assertEquals(1, run(check(Set.of()), false, fe), "the frontend alone lacks its backend");
    }

    @Test
    void everySharedConfigChecksValid() throws Exception {
        for (Path p : SharedConfigs.all()) {
            out.reset();
            err.reset();
            assertEquals(0, run(check(Set.of()), false, p), p + "\n" + err());
            assertTrue(out().endsWith("Configuration file is valid\n"), out());
        }
    }

    @Test
    void mainRunsTheCheck() throws Exception {
        PrintStream oldOut = System.out;
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            assertEquals(0, ProxyMain.run(new String[] {
                "-c", "-f", write("ok.cfg", VALID).toString()
            }));
            assertEquals(1, ProxyMain.run(new String[] {
                "-c", "-f", tmp.resolve("missing.cfg").toString(), "-q"
            }));
            assertEquals(1, ProxyMain.run(new String[] {"-c"}));
            out.reset();
            assertEquals(0, ProxyMain.run(new String[] {"--help"}));
            assertTrue(out().startsWith("Usage: hapair-proxy"), out());
            assertEquals(0, ProxyMain.run(new String[] {"-h"}));
            out.reset();
            assertEquals(0, ProxyMain.run(new String[] {"--version"}));
            assertTrue(out().startsWith("hapair-proxy"), out());
            out.reset();
            assertEquals(0, ProxyMain.run(new String[] {
                "-c", "-f", write("ok.cfg", VALID).toString()
            }));
        } finally {
            System.setOut(oldOut);
        }
        assertTrue(out().contains("Configuration file is valid"), out());
    }
}
