package dev.hapair.vrrp.bgp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BgpCommandTest {
    @TempDir
    Path dir;

    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();

    int run(String... args) {
        return BgpCommand.run(
                List.of(args),
                new ByteArrayInputStream(new byte[0]),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    Path config(String text) throws IOException {
        return Files.writeString(dir.resolve("k.conf"), text);
    }

    @Test
    void exabgpConfUsesTheRunCommandAndTheFile() throws IOException {
        Path f = config(ExabgpTextTest.CONF);
        assertEquals(0, run("--exabgp-conf", "-f", f.toString(), "-p", "/run/x.pid"), err.toString());
        String text = out.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("\trun /usr/bin/hapair-vrrp bgp -f " + f + " -p /run/x.pid;\n"), text);
        assertTrue(text.contains("neighbor 10.2.0.1 {"), text);
    }

    @Test
    void anInvalidFileOrOneWithoutBgpSectionsIsRefused() throws IOException {
        Path f = config(ExabgpTextTest.CONF.replace("peer_as 65000", "peer_as 0"));
        assertEquals(1, run("--exabgp-conf", "-f", f.toString()));
        assertTrue(err.toString().contains("k.conf:10: invalid AS number '0'"), err.toString());
        Path plain = config("vrrp_script chk {\n    script /bin/true\n}\n");
        assertEquals(1, run("-f", plain.toString()));
        assertTrue(err.toString().contains("has no bgp_speaker and bgp_announce sections"), err.toString());
        assertEquals(2, run("--bogus"));
    }

    /** {@code hapair-vrrp -t}: the acceptance's three rejections, each with file:line, exit 1. */
    @Test
    void configTestRejectsBadNeighbourAsNumberAndMissingExabgp() throws IOException {
        for (String[] c : new String[][] {
            {"neighbor 10.1.0.1 {", "neighbor 10.1.0.999 {", "k.conf:9: invalid address '10.1.0.999' for 'neighbor'"},
            {"peer_as 65000", "peer_as 70000000000", "k.conf:10: invalid AS number '70000000000' for 'peer_as'"},
            {"exabgp /bin/sh", "exabgp " + dir.resolve("no-exabgp"), "k.conf:5: ExaBGP not found: "}
        }) {
            Path f = config(ExabgpTextTest.CONF.replace(c[0], c[1]));
            ByteArrayOutputStream o = new ByteArrayOutputStream();
            ByteArrayOutputStream e = new ByteArrayOutputStream();
            int rc = dev.hapair.vrrp.runtime.ConfigCheck.run(
                    f,
                    new PrintStream(o, true, StandardCharsets.UTF_8),
                    new PrintStream(e, true, StandardCharsets.UTF_8));
            String errors = e.toString(StandardCharsets.UTF_8);
            assertEquals(1, rc, errors);
            assertTrue(errors.contains(f.getParent().resolve(c[2]).toString()) || errors.contains(c[2]), errors);
        }
        assertEquals(
                0,
                dev.hapair.vrrp.runtime.ConfigCheck.run(
                        config(ExabgpTextTest.CONF),
                        new PrintStream(out, true, StandardCharsets.UTF_8),
                        new PrintStream(err, true, StandardCharsets.UTF_8)),
                err.toString());
        assertTrue(out.toString().contains("1 bgp_announce(s)"), out.toString());
    }

    @Test
    void stopWithoutARunningAnnouncerIsNotAnError() throws IOException {
        Path f = config(ExabgpTextTest.CONF);
        assertEquals(
                0,
                run("--stop", "-f", f.toString(), "-p", dir.resolve("none.pid").toString()));
        assertTrue(out.toString().contains("no running announcer"), out.toString());
    }
}
