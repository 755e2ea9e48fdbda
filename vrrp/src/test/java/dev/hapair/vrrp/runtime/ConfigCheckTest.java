package dev.hapair.vrrp.runtime;

import dev.hapair.testkit.SharedDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code hapair-vrrp -t}: exit codes and what is printed, through VrrpMain.run as the launcher calls it. */
class ConfigCheckTest {
    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private PrintStream savedOut;
    private PrintStream savedErr;

    @BeforeEach
    void capture() {
        savedOut = System.out;
        savedErr = System.err;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restore() {
        System.setOut(savedOut);
        System.setErr(savedErr);
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    private static final String VALID = "vrrp_instance VI_1 {\n  interface eth0\n  virtual_router_id 51\n"
            + "  virtual_ipaddress {\n    10.213.0.10\n  }\n}\n";

    @Test
    void validFileExitsZero() throws IOException {
        Path f = Files.writeString(dir.resolve("keepalived.conf"), VALID);
        assertEquals(0, VrrpMain.run(new String[] {"-t", "-f", f.toString()}));
        assertEquals("Configuration file " + f + " is valid: 1 vrrp_instance(s), 0 vrrp_script(s),"
                + " 0 vrrp_track_process(es), 0 warning(s)\n", out());
        assertEquals("", err());
    }

    @Test
    void warningsArePrintedAndStillExitZero() throws IOException {
        Path f = Files.writeString(dir.resolve("keepalived.conf"),
                "global_defs {\n  vrrp_strict\n}\n" + VALID);
        assertEquals(0, VrrpMain.run(new String[] {"-f", f.toString(), "-t"}));
        assertEquals(f + ":2: warning: keyword 'vrrp_strict' in global_defs is not implemented by hapair and is ignored\n",
                err());
        assertTrue(out().contains("is valid"), out());
    }

    @Test
    void errorsArePrintedWithFileAndLineAndExitOne() throws IOException {
        Path f = Files.writeString(dir.resolve("keepalived.conf"), VALID.replace("virtual_router_id 51", "virtual_routr_id 51"));
        assertEquals(1, VrrpMain.run(new String[] {"-t", "-f", f.toString()}));
        assertEquals(f + ":3: unknown keyword 'virtual_routr_id' in vrrp_instance VI_1 (did you mean 'virtual_router_id'?)\n"
                + "hapair-vrrp: " + f + ": 1 error(s), configuration invalid\n", err());
        assertEquals("", out());
    }

    @Test
    void missingFileExitsOne() {
        Path f = dir.resolve("absent.conf");
        assertEquals(1, VrrpMain.run(new String[] {"-t", "-f", f.toString()}));
        assertTrue(err().startsWith(f + ":0: cannot read configuration file: NoSuchFileException"), err());
    }

    @Test
    void sharedGuideConfigsAllPass() throws IOException {
        Path shared = SharedDir.require("configs/keepalived");
        try (var files = Files.list(shared)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".conf")).sorted().toList()) {
                assertEquals(0, VrrpMain.run(new String[] {"-t", "-f", f.toString()}), f + ": " + err());
            }
        }
    }

    @Test
    void scriptProblemsAreWarnedAsKeepalivedDoes() throws IOException {
        Path script = Files.writeString(dir.resolve("chk.sh"), "#!/bin/sh\nexit 0\n");
        Files.setPosixFilePermissions(script, java.nio.file.attribute.PosixFilePermissions.fromString("rwxrwxrwx"));
        Path f = Files.writeString(dir.resolve("keepalived.conf"), "global_defs {\n  enable_script_security\n}\n"
                + "vrrp_script chk {\n  script \"" + script + " arg\"\n}\n"
                + "vrrp_script gone {\n  script /nonexistent-hapair/check.sh\n}\n"
                + VALID.replace("}\n}\n", "}\n  notify_master /nonexistent-hapair/notify.sh\n  track_script {\n    chk\n    gone\n  }\n}\n"));
        assertEquals(0, VrrpMain.run(new String[] {"-t", "-f", f.toString()}));
        assertEquals(f + ":4: warning: vrrp_script chk: SECURITY VIOLATION - " + script + " is world-writable:"
                + " the daemon will not run it (enable_script_security)\n"
                + f + ":7: warning: vrrp_script gone: /nonexistent-hapair/check.sh does not exist\n"
                + f + ":16: warning: notify script of vrrp_instance VI_1: /nonexistent-hapair/notify.sh does not exist\n",
                err());
        assertTrue(out().endsWith("3 warning(s)\n"), out());
    }

    @Test
    void usageErrorExitsTwoAndVersionZero() {
        assertEquals(2, VrrpMain.run(new String[] {"-t", "-f"}));
        assertTrue(err().startsWith("hapair-vrrp: option '-f' expects an argument\nUsage: hapair-vrrp"), err());
        assertEquals(0, VrrpMain.run(new String[] {"-v"}));
        assertEquals(VrrpMain.VERSION + "\n", out());
    }
}
