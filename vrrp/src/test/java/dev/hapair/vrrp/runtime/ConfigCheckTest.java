package dev.hapair.vrrp.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hapair.testkit.SharedDir;
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

    // "lo": -t warns about an interface this host lacks, and every host has lo.
    private static final String VALID = "vrrp_instance VI_1 {\n  interface lo\n  virtual_router_id 51\n"
            + "  virtual_ipaddress {\n    10.213.0.10\n  }\n}\n";

    @Test
    void validFileExitsZero() throws IOException {
        Path f = Files.writeString(dir.resolve("keepalived.conf"), VALID);
        assertEquals(0, VrrpMain.run(new String[] {"-t", "-f", f.toString()}));
        assertEquals(
                "Configuration file " + f + " is valid: 1 vrrp_instance(s), 0 vrrp_script(s),"
                        + " 0 vrrp_track_process(es), 0 warning(s)\n",
                out());
        assertEquals("", err());
    }

    @Test
    void warningsArePrintedAndStillExitZero() throws IOException {
        Path f = Files.writeString(dir.resolve("keepalived.conf"), "global_defs {\n  vrrp_no_swap\n}\n" + VALID);
        assertEquals(0, VrrpMain.run(new String[] {"-f", f.toString(), "-t"}));
        assertTrue(
                err().startsWith(f + ":2: warning: 'vrrp_no_swap' only tunes keepalived's internals and is ignored"
                        + " by hapair-vrrp: "),
                err());
        assertTrue(out().contains("is valid"), out());
    }

    @Test
    void whatHapairDoesNotImplementIsAnError() throws IOException {
        Path f = Files.writeString(dir.resolve("keepalived.conf"), "global_defs {\n  vrrp_strict\n}\n" + VALID);
        assertEquals(1, VrrpMain.run(new String[] {"-f", f.toString(), "-t"}));
        assertTrue(err().contains(f + ":2: 'vrrp_strict' is not supported by hapair-vrrp (in global_defs)"), err());
    }

    @Test
    void errorsArePrintedWithFileAndLineAndExitOne() throws IOException {
        Path f = Files.writeString(
                dir.resolve("keepalived.conf"), VALID.replace("virtual_router_id 51", "virtual_routr_id 51"));
        assertEquals(1, VrrpMain.run(new String[] {"-t", "-f", f.toString()}));
        assertEquals(
                f + ":3: unknown keyword 'virtual_routr_id' in vrrp_instance VI_1 (did you mean 'virtual_router_id'?)\n"
                        + "hapair-vrrp: " + f + ": 1 error(s), configuration invalid\n",
                err());
        assertEquals("", out());
    }

    @Test
    void missingFileExitsOne() {
        Path f = dir.resolve("absent.conf");
        assertEquals(1, VrrpMain.run(new String[] {"-t", "-f", f.toString()}));
        assertTrue(err().startsWith(f + ":0: cannot read configuration file: NoSuchFileException"), err());
    }

    @Test
    void sharedGuideConfigsPassOnceTheirScriptsAreInstalled() throws IOException {
        // The ecs guide's vrrp_script is /etc/keepalived/check_haproxy.sh, shipped beside its configs: install
        // it (in a temp dir) as the guide tells the reader to, and every guide config passes.
        Path shared = SharedDir.require("configs/keepalived");
        Path check = Files.copy(shared.resolve("ecs-guide-check_haproxy.sh"), dir.resolve("check_haproxy.sh"));
        Files.setPosixFilePermissions(check, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        try (var files = Files.list(shared)) {
            for (Path f :
                    files.filter(p -> p.toString().endsWith(".conf")).sorted().toList()) {
                Path copy = Files.writeString(
                        dir.resolve(f.getFileName()),
                        Files.readString(f).replace("/etc/keepalived/check_haproxy.sh", check.toString()));
                assertEquals(0, VrrpMain.run(new String[] {"-t", "-f", copy.toString()}), f + ": " + err());
            }
        }
    }

    @Test
    void aGuideConfigWhoseScriptIsNotInstalledFails() throws IOException {
        Path f = Files.writeString(
                dir.resolve("keepalived.conf"),
                Files.readString(SharedDir.require("configs/keepalived").resolve("ecs-guide-primary.conf"))
                        .replace("/etc/keepalived/check_haproxy.sh", "/nonexistent-hapair/check_haproxy.sh"));
        assertEquals(1, VrrpMain.run(new String[] {"-t", "-f", f.toString()}));
        assertTrue(
                err().contains(f
                        + ":6: vrrp_script check_haproxy: /nonexistent-hapair/check_haproxy.sh does not exist\n"),
                err());
    }

    @Test
    void scriptsThatCannotRunAreErrorsAsKeepalivedWouldLeaveTheInstanceInFault() throws IOException {
        Path script = Files.writeString(dir.resolve("chk.sh"), "#!/bin/sh\nexit 0\n");
        Files.setPosixFilePermissions(script, java.nio.file.attribute.PosixFilePermissions.fromString("rwxrwxrwx"));
        Path plain = Files.writeString(dir.resolve("plain.sh"), "#!/bin/sh\nexit 0\n");
        Path f = Files.writeString(
                dir.resolve("keepalived.conf"),
                "global_defs {\n  enable_script_security\n}\n"
                        + "vrrp_script chk {\n  script \"" + script + " arg\"\n}\n"
                        + "vrrp_script gone {\n  script /nonexistent-hapair/check.sh\n}\n"
                        + "vrrp_script noexec {\n  script " + plain + "\n}\n"
                        + VALID.replace(
                                "}\n}\n",
                                "}\n  notify_master /nonexistent-hapair/notify.sh\n  track_script {\n    chk\n    gone\n    noexec\n  }\n}\n"));
        assertEquals(1, VrrpMain.run(new String[] {"-t", "-f", f.toString()}));
        assertEquals(
                f + ":4: vrrp_script chk: SECURITY VIOLATION - " + script + " is world-writable:"
                        + " it would never run (enable_script_security)\n"
                        + f + ":7: vrrp_script gone: /nonexistent-hapair/check.sh does not exist\n"
                        + f + ":10: vrrp_script noexec: " + plain + " is not executable\n"
                        + f + ":19: notify script of vrrp_instance VI_1: /nonexistent-hapair/notify.sh does not exist\n"
                        + "hapair-vrrp: " + f + ": 4 error(s), configuration invalid\n",
                err());
    }

    @Test
    void aGuidesKillallCheckIsFlaggedWithTheCompatibilityName() throws IOException {
        Path f = Files.writeString(
                dir.resolve("keepalived.conf"),
                "global_defs {\n  enable_script_security\n}\n"
                        + "vrrp_script chk_haproxy {\n  script \"killall -0 haproxy\"\n}\n" + VALID);
        assertEquals(0, VrrpMain.run(new String[] {"-t", "-f", f.toString()}));
        assertTrue(
                err().startsWith(f + ":4: warning: vrrp_script chk_haproxy checks for a process named 'haproxy':"
                        + " hapair-proxy's process is named hapair-proxy; set HAPAIR_PROXY_NAME=haproxy"),
                err());
    }

    @Test
    void usageErrorExitsTwoAndVersionZero() {
        assertEquals(2, VrrpMain.run(new String[] {"-t", "-f"}));
        assertTrue(err().startsWith("hapair-vrrp: option '-f' expects an argument\nUsage: hapair-vrrp"), err());
        assertEquals(0, VrrpMain.run(new String[] {"-v"}));
        assertEquals(VrrpMain.VERSION + "\n", out());
    }
}
