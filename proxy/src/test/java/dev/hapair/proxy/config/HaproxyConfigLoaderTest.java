package dev.hapair.proxy.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hapair.common.config.SourceLocation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HaproxyConfigLoaderTest {

    @TempDir
    Path tmp;

    private Path write(String name, String content) throws Exception {
        Path p = tmp.resolve(name);
        Files.createDirectories(p.getParent());
        Files.writeString(p, content);
        return p;
    }

    @Test
    void severalFilesFormOneConfigAndDefaultsCarryOver() throws Exception {
        Path a = write("a.cfg", Cfg.TIMEOUTS + "  mode http\nfrontend f\n  bind :80\n  default_backend b\n");
        Path b = write("b.cfg", "backend b\n  server s 127.0.0.1:8080\n");
        HaproxyConfig c = new HaproxyConfigLoader(Map.of()).load(List.of(a, b));
        assertEquals(ProxyMode.HTTP, c.backend("b").orElseThrow().mode(), "the last defaults, even from another file");
        assertEquals(List.of(a.toString(), b.toString()), c.files());
        assertEquals(
                new SourceLocation(b.toString(), 2),
                c.backend("b").orElseThrow().servers().get(0).location());
    }

    @Test
    void eachFileStartsOutsideAnySection() throws Exception {
        Path a = write("a.cfg", Cfg.TIMEOUTS + "frontend f\n  bind :80\n");
        Path b = write("b.cfg", "  default_backend b\nbackend b\n");
        ConfigException e =
                assertThrows(ConfigException.class, () -> new HaproxyConfigLoader(Map.of()).load(List.of(a, b)));
        assertEquals(
                b + ":1: unknown keyword 'default_backend' out of section",
                e.errors().get(0).format());
    }

    @Test
    void directoryContributesItsCfgFilesInLexicalOrder() throws Exception {
        Path dir = tmp.resolve("conf.d");
        write("conf.d/20-backend.cfg", "backend b\n  server s 127.0.0.1:8080\n");
        write("conf.d/10-defaults.cfg", Cfg.TIMEOUTS + "  mode http\n");
        write("conf.d/30-frontend.cfg", "frontend f\n  mode http\n  bind :80\n  default_backend b\n");
        write("conf.d/99-ignored.conf", "this is not read\n");
        write("conf.d/.hidden.cfg", "nor this\n");
        HaproxyConfig c = new HaproxyConfigLoader(Map.of()).load(List.of(dir));
        assertEquals(3, c.files().size());
        assertTrue(c.files().get(0).endsWith("10-defaults.cfg"));
        assertTrue(c.files().get(2).endsWith("30-frontend.cfg"));
        assertEquals(ProxyMode.HTTP, c.backend("b").orElseThrow().mode());
    }

    @Test
    void utf8ByteOrderMarkIsIgnored() throws Exception {
        Path a = write("bom.cfg", "\uFEFFglobal\n  daemon\n" + Cfg.TIMEOUTS + "frontend f\n  bind :80\n");
        assertTrue(new HaproxyConfigLoader(Map.of()).load(List.of(a)).global().daemon());
    }

    @Test
    void missingFileIsAnError() {
        Path missing = tmp.resolve("nope.cfg");
        ConfigException e =
                assertThrows(ConfigException.class, () -> new HaproxyConfigLoader(Map.of()).load(List.of(missing)));
        assertEquals(
                "Could not open configuration file " + missing + " : No such file or directory",
                e.errors().get(0).format());
    }

    @Test
    void errorsFromEveryFileAreReportedTogether() throws Exception {
        Path a = write("a.cfg", "global\n  deamon\n");
        Path b = write("b.cfg", "global\n  maxconn x\n");
        ConfigException e =
                assertThrows(ConfigException.class, () -> new HaproxyConfigLoader(Map.of()).load(List.of(a, b)));
        assertEquals(2, e.errors().size());
        assertTrue(e.errors().get(0).format().startsWith(a + ":2: unknown keyword 'deamon'"));
        assertTrue(e.errors().get(1).format().startsWith(b + ":2: 'maxconn'"));
        assertEquals("deamon", e.errors().get(0).keyword());
        assertEquals("maxconn", e.errors().get(1).keyword());
    }
}
