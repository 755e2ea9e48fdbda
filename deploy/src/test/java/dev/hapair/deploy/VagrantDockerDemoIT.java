package dev.hapair.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hapair.testkit.Prerequisites;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The two-VM Vagrant demo brought up for real on Vagrant's docker provider (vagrant/docker/Vagrantfile)
 * and failed over as the guides do: vagrant/failover-test.sh brings up lb1, lb2 (hapair-proxy and
 * hapair-vrrp from the .deb), web1 and web2, stops the master's proxy, and checks that the VIP moves to
 * lb2 and traffic through it goes on, then that lb1 takes it back; it destroys the machines on any exit.
 */
class VagrantDockerDemoIT {
    private static final Pattern FAILOVER =
            Pattern.compile("failover: VIP moved lb1 -> lb2 in ([0-9.]+) s; failed requests: ([0-9]+) of ([0-9]+).*");

    @Test
    void vipMovesToLb2WhenTheMastersProxyStopsAndTrafficContinues() throws Exception {
        PrivateDocker.requireNetns();
        Prerequisites.assumeCommands("vagrant");
        PrivateDocker.buildImages();

        PrivateDocker.Result r = PrivateDocker.run(Duration.ofMinutes(5), "bash", "../vagrant/failover-test.sh");
        System.out.print(r.out());
        assertEquals(0, r.code(), "vagrant/failover-test.sh failed:\n" + r.out());
        Matcher m = FAILOVER.matcher(r.out()
                .lines()
                .filter(l -> l.startsWith("failover: "))
                .findFirst()
                .orElse(""));
        assertTrue(m.matches(), "no failover summary in:\n" + r.out());
        // Bounded by the VRRP timers (advert_int 1 s: master-down interval 3.6 s) plus polling.
        assertTrue(Double.parseDouble(m.group(1)) < 6.0, "failover took " + m.group(1) + " s");
        assertTrue(Integer.parseInt(m.group(3)) > 50, "the client loop ran: " + m.group(3) + " requests");
    }
}
