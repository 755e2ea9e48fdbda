package dev.hapair.proxy.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hapair.proxy.config.StatsLevel;
import dev.hapair.proxy.stats.CliSession;
import dev.hapair.proxy.stats.RuntimeApi;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ssl ca-file / crl-file commands as the runtime API parses them: words, levels, usage lines, payloads. */
class SslCaCommandsTest {

    @TempDir
    Path dir;

    private final CaFileStore store = new CaFileStore();
    private final RuntimeApi api = api();

    private RuntimeApi api() {
        dev.hapair.proxy.stats.StatsSnapshot snapshot = new dev.hapair.proxy.stats.StatsSnapshot(
                java.util.List::of,
                java.util.Map::of,
                dev.hapair.proxy.stats.ProcessInfo.current(1, 0, () -> 0),
                new dev.hapair.proxy.stats.SessionRates());
        RuntimeApi a = new RuntimeApi(snapshot, () -> 0L, null);
        new SslCaCommands(() -> store).registerOn(a);
        return a;
    }

    private String run(StatsLevel level, String line, String payload) {
        return api.execute(line, payload, new CliSession(level, false, null));
    }

    private String admin(String line) {
        return run(StatsLevel.ADMIN, line, null);
    }

    @Test
    void usageLinesAsHaproxyWritesThem() {
        assertEquals("'new ssl ca-file' expects a filename\n\n", admin("new ssl ca-file"));
        assertEquals("'commit ssl ca-file expects a filename\n\n", admin("commit ssl ca-file"));
        assertEquals("'abort ssl crl-file' expects a filename\n\n", admin("abort ssl crl-file"));
        assertEquals("'del ssl ca-file' expects a CA file name\n\n", admin("del ssl ca-file"));
        assertEquals("'set ssl ca-file expects a filename and CAs as a payload\n\n", admin("set ssl ca-file x.pem"));
        assertEquals("'set ssl crl-file expects a filename and CRLs as a payload\n\n", admin("set ssl crl-file x"));
    }

    @Test
    void levelsAndTheLongestCommandName() {
        assertTrue(run(StatsLevel.OPERATOR, "new ssl ca-file a.pem", null).startsWith("Permission denied"));
        assertEquals("# filename\n\n", run(StatsLevel.OPERATOR, "show ssl ca-file", null), "show is operator level");
        assertEquals("New CRL file created 'c.pem'!\n\n", admin("new ssl crl-file c.pem"));
        assertEquals("# filename\nc.pem\n\n", run(StatsLevel.OPERATOR, "show ssl crl-file", null));
    }

    @Test
    void payloadGoesToSetAndEscapedNamesToShow() throws Exception {
        TestCerts certs = new TestCerts(dir);
        admin("new ssl ca-file n.pem");
        assertEquals(
                "transaction created for CA n.pem!\n\n",
                run(StatsLevel.ADMIN, "set ssl ca-file n.pem", Files.readString(certs.ca())));
        assertTrue(admin("show ssl ca-file \\*n.pem")
                .startsWith("Filename: *n.pem\nStatus: Unused\n \nCertificate #1:\n"));
        assertEquals("Committing n.pem\nSuccess!\n\n", admin("commit ssl ca-file n.pem"));
        assertEquals("# filename\nn.pem - 1 certificate(s)\n\n", admin("show ssl ca-file"));
    }
}
