package dev.hapair.proxy.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hapair.proxy.config.HaproxyConfigLoader;
import dev.hapair.proxy.tls.CaFileStore;
import dev.hapair.proxy.tls.TestCerts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * After a reload the CA/CRL store is the new configuration's, and servers carried over by the reload are in it:
 * their CA file is listed and a commit rebuilds them (one '.' for the server).
 */
class CaFileReloadIT {

    @TempDir
    Path dir;

    @Test
    void serversKeptByAReloadAreRebuiltByACommitInTheNewStore() throws Exception {
        TestCerts certs = new TestCerts(dir);
        String ca = certs.ca().toString();
        Path cfg = Files.writeString(
                dir.resolve("r.cfg"),
                String.join(
                        "\n",
                        "defaults",
                        "    mode http",
                        "    timeout connect 1s",
                        "    timeout client 5s",
                        "    timeout server 5s",
                        "backend b",
                        "    server s1 127.0.0.1:1 ssl verify required ca-file " + ca,
                        ""));
        ProxyDaemon proxy = ProxyDaemon.start(new HaproxyConfigLoader().load(cfg), Optional.empty(), System.err);
        try {
            CaFileStore before = proxy.runtime().certificates().caFiles();
            assertEquals("# filename\n" + ca + " - 1 certificate(s)\n", before.list(false));
            ProxyDaemon.ReloadSummary r = proxy.reload(new HaproxyConfigLoader().load(cfg), System.err);
            assertEquals(1, r.serversKept());
            CaFileStore after = proxy.runtime().certificates().caFiles();
            assertTrue(after != before, "a reload reads the files again into a new store");
            assertEquals("# filename\n" + ca + " - 1 certificate(s)\n", after.list(false));
            after.set(false, ca, Files.readString(certs.ca()));
            assertEquals("Committing " + ca + ".\nSuccess!\n", after.commit(false, ca), "the kept server is rebuilt");
        } finally {
            proxy.stop(Duration.ZERO);
        }
    }
}
