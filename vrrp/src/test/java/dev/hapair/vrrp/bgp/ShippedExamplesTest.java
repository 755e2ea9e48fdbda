package dev.hapair.vrrp.bgp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.hapair.vrrp.config.BgpSpeakerConfig;
import dev.hapair.vrrp.config.ConfigResult;
import dev.hapair.vrrp.config.KeepalivedConfigParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** deploy/examples/bgp: the keepalived.conf passes our checks and exabgp-lb1.conf is what the tool prints. */
class ShippedExamplesTest {
    static final Path DIR = Path.of("../deploy/examples/bgp");

    @Test
    void exampleIsValidAndItsExabgpConfigIsTheGeneratedOne() throws IOException {
        ConfigResult r = KeepalivedConfigParser.parse(DIR.resolve("keepalived-lb1.conf"));
        if (!Files.isExecutable(BgpSpeakerConfig.DEFAULT_EXABGP)) {
            // where ExaBGP is not installed, that is the one thing -t may (and must) say
            assertEquals(1, r.diagnostics().size(), r.diagnostics().toString());
            assertEquals(
                    true,
                    r.diagnostics().get(0).toString().contains("ExaBGP not found"),
                    r.diagnostics().toString());
            return;
        }
        assertEquals(List.of(), r.diagnostics());
        String generated = ExabgpConfWriter.render(
                r.config().orElseThrow().bgp().speaker().orElseThrow(),
                List.of(
                        "/usr/bin/hapair-vrrp",
                        "bgp",
                        "-f",
                        "/etc/hapair/keepalived.conf",
                        "-p",
                        "/run/hapair-bgp/hapair-bgp.pid"),
                "/etc/hapair/keepalived.conf");
        assertEquals(generated, Files.readString(DIR.resolve("exabgp-lb1.conf")));
    }
}
