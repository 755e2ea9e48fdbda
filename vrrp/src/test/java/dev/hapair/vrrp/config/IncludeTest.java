package dev.hapair.vrrp.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hapair.common.config.SourceLocation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code include} with plain names and globs, relative to the including file, with file:line kept per file. */
class IncludeTest {
    @TempDir
    Path dir;

    private Path write(String relative, String text) throws IOException {
        Path p = dir.resolve(relative);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
        return p;
    }

    private static String instance(String name, int vrid) {
        return "vrrp_instance " + name + " {\n  interface eth0\n  virtual_router_id " + vrid + "\n"
                + "  virtual_ipaddress {\n    10.213.0." + vrid + "\n  }\n}\n";
    }

    @Test
    void globsAreSortedAndRelativeToTheIncludingFile() throws IOException {
        Path main = write("keepalived.conf", "global_defs {\n  router_id lb1\n}\ninclude conf.d/*.conf\n");
        write("conf.d/20-vi2.conf", instance("VI_2", 2));
        write("conf.d/10-vi1.conf", instance("VI_1", 1) + "include ../scripts/chk.inc\n");
        write("conf.d/notes.txt", "not matched\n");
        write("scripts/chk.inc", "vrrp_script chk {\n  script /bin/true\n}\n");
        ConfigResult r = KeepalivedConfigParser.parse(main);
        assertFalse(r.hasErrors(), () -> r.diagnostics().toString());
        KeepalivedConfig c = r.config().orElseThrow();
        assertEquals(
                List.of("VI_1", "VI_2"),
                c.instances().stream().map(VrrpInstanceConfig::name).toList());
        assertEquals(
                List.of(
                        main.toString(),
                        dir.resolve("conf.d/10-vi1.conf").toString(),
                        dir.resolve("scripts/chk.inc").toString(),
                        dir.resolve("conf.d/20-vi2.conf").toString()),
                c.files());
        assertEquals(
                new SourceLocation(dir.resolve("conf.d/20-vi2.conf").toString(), 1),
                c.instances().get(1).location());
        assertEquals(
                new SourceLocation(dir.resolve("scripts/chk.inc").toString(), 1),
                c.script("chk").orElseThrow().location());
    }

    @Test
    void errorsNameTheIncludedFileAndItsLine() throws IOException {
        Path main = write("keepalived.conf", instance("VI_1", 1) + "include other.conf\n");
        Path other = write("other.conf", "vrrp_instance VI_2 {\n  interface eth0\n  virtual_routr_id 2\n}\n");
        ConfigResult r = KeepalivedConfigParser.parse(main);
        assertEquals(
                List.of(other + ":3: unknown keyword 'virtual_routr_id' in vrrp_instance VI_2"
                        + " (did you mean 'virtual_router_id'?)"),
                r.errors().stream().map(Diagnostic::toString).toList());
    }

    @Test
    void braceExpressionsAndQuestionMarksWork() throws IOException {
        Path main = write("keepalived.conf", "include {a,b}/vi?.conf\n");
        write("a/vi1.conf", instance("VI_1", 1));
        write("b/vi2.conf", instance("VI_2", 2));
        write("b/vi10.conf", instance("VI_10", 10));
        KeepalivedConfig c = KeepalivedConfigParser.parse(main).config().orElseThrow();
        assertEquals(
                List.of("VI_1", "VI_2"),
                c.instances().stream().map(VrrpInstanceConfig::name).toList());
    }

    @Test
    void absolutePatternAndParseFromStringWithBaseDir() throws IOException {
        write("abs/vi.conf", instance("VI_1", 1));
        ConfigResult r =
                KeepalivedConfigParser.parse("include " + dir.resolve("abs") + "/*.conf\n", "inline.conf", dir);
        assertEquals(1, r.config().orElseThrow().instances().size());
        ConfigResult rel = KeepalivedConfigParser.parse("include abs/vi.conf\n", "inline.conf", dir);
        assertEquals(1, rel.config().orElseThrow().instances().size());
    }

    @Test
    void includeLoopIsAnError() throws IOException {
        Path main = write("keepalived.conf", "include a.conf\n");
        Path a = write("a.conf", "include b.conf\n");
        write("b.conf", "include a.conf\n");
        ConfigResult r = KeepalivedConfigParser.parse(main);
        assertEquals(
                List.of(dir.resolve("b.conf") + ":1: include 'a.conf' includes " + a + " again (include loop)"),
                r.errors().stream().map(Diagnostic::toString).toList());
    }

    @Test
    void selfIncludeThroughAGlobIsAnError() throws IOException {
        Path main = write("conf/keepalived.conf", instance("VI_1", 1) + "include *.conf\n");
        ConfigResult r = KeepalivedConfigParser.parse(main);
        assertEquals(
                List.of(main + ":8: include '*.conf' includes " + main + " again (include loop)"),
                r.errors().stream().map(Diagnostic::toString).toList());
    }

    @Test
    void tooDeepNestingIsAnError() throws IOException {
        Path main = write("keepalived.conf", "include d1.conf\n");
        for (int i = 1; i <= 40; i++) {
            write("d" + i + ".conf", "include d" + (i + 1) + ".conf\n");
        }
        ConfigResult r = KeepalivedConfigParser.parse(main);
        assertEquals(
                List.of(dir.resolve("d32.conf") + ":1: includes nested deeper than 32"),
                r.errors().stream().map(Diagnostic::toString).toList());
    }

    @Test
    void invalidPatternIsAnError() throws IOException {
        Path main = write("keepalived.conf", "include conf.d/[a.conf\n");
        Files.createDirectories(dir.resolve("conf.d"));
        ConfigResult r = KeepalivedConfigParser.parse(main);
        assertTrue(r.hasErrors());
        assertTrue(
                r.errors().get(0).toString().startsWith(main + ":1: invalid include pattern 'conf.d/[a.conf': "),
                r.errors().toString());
    }

    @Test
    void missingPlainIncludeIsOnlyAWarningAsInKeepalived() throws IOException {
        Path main = write("keepalived.conf", "include missing.conf\n" + instance("VI_1", 1));
        ConfigResult r = KeepalivedConfigParser.parse(main);
        assertFalse(r.hasErrors());
        assertEquals(
                List.of(main + ":1: warning: include 'missing.conf' matched no file"),
                r.diagnostics().stream().map(Diagnostic::toString).toList());
    }

    @Test
    void latin1BytesDoNotMakeTheFileUnreadable() throws IOException {
        Path main = dir.resolve("keepalived.conf");
        byte[] comment = "# caf\u00e9 config\n".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        byte[] rest = instance("VI_1", 1).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        byte[] all = new byte[comment.length + rest.length];
        System.arraycopy(comment, 0, all, 0, comment.length);
        System.arraycopy(rest, 0, all, comment.length, rest.length);
        Files.write(main, all);
        assertEquals(
                1,
                KeepalivedConfigParser.parse(main)
                        .config()
                        .orElseThrow()
                        .instances()
                        .size());
    }
}
