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
        return BgpCommand.run(List.of(args), new ByteArrayInputStream(new byte[0]),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
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

    @Test
    void stopWithoutARunningAnnouncerIsNotAnError() throws IOException {
        Path f = config(ExabgpTextTest.CONF);
        assertEquals(0, run("--stop", "-f", f.toString(), "-p", dir.resolve("none.pid").toString()));
        assertTrue(out.toString().contains("no running announcer"), out.toString());
    }
}
