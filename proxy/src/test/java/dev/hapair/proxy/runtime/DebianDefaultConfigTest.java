package dev.hapair.proxy.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hapair.proxy.config.HaproxyConfigLoader;
import dev.hapair.testkit.Prerequisites;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Debian's default /etc/haproxy/haproxy.cfg (package haproxy 2.6.12-1+deb12u4, copied into the test
 * resources): its global {@code stats socket} is a listener, {@code user}/{@code group}/{@code chroot}/
 * {@code daemon}/{@code log /dev/log} and {@code errorfile} are implemented, so the only errors are the
 * keywords the TLS issue ({@code ca-base}, {@code crt-base}, {@code ssl-default-bind-*}) brings, each with
 * file:line. The list is pinned: it shrinks as that issue lands.
 */
class DebianDefaultConfigTest {

    /** Line -> keyword of every error the default file gets today. */
    private static final List<String> EXPECTED = List.of(
            "12 ca-base", "13 crt-base", "16 ssl-default-bind-ciphers", "17 ssl-default-bind-ciphersuites",
            "18 ssl-default-bind-options");

    /** The keywords the TLS issue brings: the only ones allowed to fail. */
    private static final Pattern ALLOWED = Pattern.compile("ca-base|crt-base|ssl-default-bind-[a-z]+");

    /** Knows the Debian package's account, so the test does not depend on the host's users. */
    private static final Privileges.Accounts DEBIAN = new Privileges.Accounts() {
        @Override
        public OptionalInt uid(String user) {
            return user.equals("haproxy") ? OptionalInt.of(102) : OptionalInt.empty();
        }

        @Override
        public OptionalInt gid(String group) {
            return group.equals("haproxy") ? OptionalInt.of(105) : OptionalInt.empty();
        }
    };

    private record Result(int exit, String out, String err) {
        /** "LINE KEYWORD" of every "[ALERT] FILE:LINE: 'KEYWORD' is not supported by hapair-proxy" line. */
        List<String> unsupported(Path file) {
            List<String> found = new ArrayList<>();
            Matcher m = Pattern.compile("(?m)^\\[ALERT\\] " + Pattern.quote(file.toString())
                    + ":(\\d+): '([^']+)' is not supported by hapair-proxy").matcher(err);
            while (m.find()) {
                found.add(m.group(1) + " " + m.group(2));
            }
            return found;
        }

        /** Every [ALERT] line that names a file:line. */
        long alertsWithLocation(Path file) {
            return err.lines().filter(l -> l.startsWith("[ALERT] " + file + ":")).count();
        }
    }

    private static Result check(Path file, boolean quiet, Privileges.Accounts accounts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        ConfigCheck c = new ConfigCheck(new HaproxyConfigLoader(Map.of()), h -> true, ConfigCheck.RUNTIME_VALIDATORS,
                accounts);
        int rc = c.run(List.of(file), quiet, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(rc, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static Path copy() throws URISyntaxException {
        return Path.of(DebianDefaultConfigTest.class.getResource("/debian/haproxy.cfg").toURI());
    }

    @Test
    void onlyTheTlsAndRuleLanguageKeywordsFailEachWithFileAndLine() throws Exception {
        Path file = copy();
        Result r = check(file, false, DEBIAN);
        assertEquals(ConfigCheck.EXIT_INVALID, r.exit(), r.err());
        assertEquals(EXPECTED, r.unsupported(file), r.err());
        assertEquals(EXPECTED.size(), r.alertsWithLocation(file), "no other error: " + r.err());
        assertTrue(!r.err().contains("no listener"), "the stats socket is a listener: " + r.err());
    }

    @Test
    void quietStillPrintsTheErrors() throws Exception {
        Path file = copy();
        Result r = check(file, true, DEBIAN);
        assertEquals(ConfigCheck.EXIT_INVALID, r.exit());
        assertEquals(EXPECTED, r.unsupported(file), r.err());
        assertEquals("", r.out());
    }

    @Test
    void withoutTheUnsupportedLinesTheDefaultFileIsValid() throws Exception {
        String kept = Files.readAllLines(copy()).stream()
                .filter(l -> !ALLOWED.matcher(l.trim().split("\\s+")[0]).matches()).reduce("", (a, b) -> a + b + "\n");
        Path file = Files.createTempFile("debian-default-", ".cfg");
        try {
            Files.writeString(file, kept);
            Result r = check(file, false, DEBIAN);
            assertEquals(ConfigCheck.EXIT_VALID, r.exit(), r.err() + r.out());
            assertTrue(r.out().endsWith("Configuration file is valid\n"), r.out());
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /** On CI (which installs the haproxy package) the real file, with the host's accounts. */
    @Test
    void theInstalledDefaultFileFailsOnlyOnThoseKeywords() {
        Path real = Path.of("/etc/haproxy/haproxy.cfg");
        if (!Files.isRegularFile(real)) {
            Prerequisites.unavailable(real + " missing (bin/hapair-test installs the haproxy package)");
        }
        Result r = check(real, false, Privileges.Accounts.SYSTEM);
        assertEquals(ConfigCheck.EXIT_INVALID, r.exit(), r.err());
        List<String> found = r.unsupported(real);
        assertTrue(!found.isEmpty(), r.err());
        for (String f : found) {
            assertTrue(ALLOWED.matcher(f.substring(f.indexOf(' ') + 1)).matches(), f + "\n" + r.err());
        }
        assertEquals(found.size(), r.alertsWithLocation(real), "no other error: " + r.err());
    }
}
