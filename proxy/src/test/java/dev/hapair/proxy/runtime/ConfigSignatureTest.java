package dev.hapair.proxy.runtime;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hapair.proxy.config.HaproxyConfig;
import dev.hapair.proxy.config.HaproxyConfigLoader;
import dev.hapair.proxy.config.ServerConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigSignatureTest {
    @TempDir
    Path dir;

    private ServerConfig server(String text) throws Exception {
        Path f = Files.writeString(dir.resolve("c" + System.nanoTime() + ".cfg"), text);
        HaproxyConfig c = new HaproxyConfigLoader().load(f);
        return c.backend("app").orElseThrow().servers().get(0);
    }

    @Test
    void sameSettingsOnAnotherLineAreTheSameServer() throws Exception {
        ServerConfig a = server("backend app\n    server s1 127.0.0.1:80 check weight 5\n");
        ServerConfig b = server("\n\n# moved\nbackend app\n    server s1 127.0.0.1:80 check weight 5\n");
        assertNotEquals(a, b, "record equality sees the source line");
        assertTrue(ConfigSignature.same(a, b));
    }

    @Test
    void anyChangedSettingMakesItAnotherServer() throws Exception {
        ServerConfig a = server("backend app\n    server s1 127.0.0.1:80 check weight 5\n");
        assertFalse(ConfigSignature.same(a, server("backend app\n    server s1 127.0.0.1:80 check weight 6\n")));
        assertFalse(ConfigSignature.same(a, server("backend app\n    server s1 127.0.0.1:81 check weight 5\n")));
        assertFalse(ConfigSignature.same(a, server("backend app\n    server s1 127.0.0.1:80 weight 5\n")));
    }
}
