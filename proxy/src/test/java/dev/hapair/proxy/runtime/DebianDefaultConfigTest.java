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
 * {@code daemon}/{@code log /dev/log}, {@code errorfile} and its TLS lines ({@code ca-base}, {@code crt-base},
 * {@code ssl-default-bind-*}) are implemented: the file is valid as Debian ships it.
 */
class DebianDefaultConfigTest {

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
                            + ":(\\d+): '([^']+)' is not supported by hapair-proxy")
                    .matcher(err);
            while (m.find()) {
                found.add(m.group(1) + " " + m.group(2));
            }
            return found;
        }

        /** Every [ALERT] line that names a file:line. */
        long alertsWithLocation(Path file) {
            return err.lines()
                    .filter(l -> l.startsWith("[ALERT] " + file + ":"))
                    .count();
        }
    }

    private static Result check(Path file, boolean quiet, Privileges.Accounts accounts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        ConfigCheck c =
                new ConfigCheck(new HaproxyConfigLoader(Map.of()), h -> true, ConfigCheck.RUNTIME_VALIDATORS, accounts);
        int rc = c.run(
                List.of(file),
                quiet,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(rc, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static Path copy() throws URISyntaxException {
        return Path.of(
                DebianDefaultConfigTest.class.getResource("/debian/haproxy.cfg").toURI());
    }

    @Test
    void theDefaultFileIsValid() throws Exception {
        Path file = copy();
        Result r = check(file, false, DEBIAN);
        assertEquals(ConfigCheck.EXIT_VALID, r.exit(), r.err() + r.out());
        assertEquals(List.of(), r.unsupported(file), r.err());
        assertEquals(0, r.alertsWithLocation(file), r.err());
        assertTrue(r.out().endsWith("Configuration file is valid\n"), r.out());
    }

    @Test
    void quietPrintsNothing() throws Exception {
        Result r = check(copy(), true, DEBIAN);
        assertEquals(ConfigCheck.EXIT_VALID, r.exit(), r.err());
        assertEquals("", r.out());
    }

    /** A TLS line the file has, broken, is an error naming its line: the lines are read, not skipped. */
    @Test
    void itsTlsLinesAreRead() throws Exception {
        String broken = Files.readString(copy()).replace("ssl-min-ver TLSv1.2", "ssl-max-ver TLSv1.1");
        Path file = Files.createTempFile("debian-default-", ".cfg");
        try {
            Files.writeString(file, broken);
            Result r = check(file, false, DEBIAN);
            assertEquals(ConfigCheck.EXIT_INVALID, r.exit(), r.err());
            assertTrue(
                    r.err()
                            .contains("[ALERT] " + file + ":18: 'ssl-max-ver' in 'ssl-default-bind-options': "
                                    + "'TLSv1.1': hapair-proxy offers nothing below TLSv1.2"),
                    r.err());
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /** On CI (which installs the haproxy package) the real file, with the host's accounts. */
    @Test
    void theInstalledDefaultFileIsValid() {
        Path real = Path.of("/etc/haproxy/haproxy.cfg");
        if (!Files.isRegularFile(real)) {
            Prerequisites.unavailable(real + " missing (bin/hapair-test installs the haproxy package)");
        }
        Result r = check(real, false, Privileges.Accounts.SYSTEM);
        assertEquals(ConfigCheck.EXIT_VALID, r.exit(), r.err() + r.out());
        assertEquals(0, r.alertsWithLocation(real), r.err());
    }
}
