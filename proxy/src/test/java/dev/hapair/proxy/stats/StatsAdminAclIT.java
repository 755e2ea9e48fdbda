package dev.hapair.proxy.stats;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hapair.proxy.config.HaproxyConfigLoader;
import dev.hapair.proxy.runtime.ProxyDaemon;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The acls of {@code stats admin if ...} are the running configuration's pattern sets, as in HAProxy: {@code show
 * acl} lists them and {@code add acl} / {@code del acl} decide at once who may administer from the stats page.
 */
class StatsAdminAclIT {

    @TempDir
    Path dir;

    @Test
    void statsAdminAclsAreListedAndChangedAtRuntime() throws Exception {
        Path admins = Files.writeString(dir.resolve("admins.lst"), "192.0.2.1\n");
        String cfg =
                """
            global
                stats socket 127.0.0.1:0 level admin
            defaults
                mode http
                timeout connect 1s
                timeout client 5s
                timeout server 5s
            listen stats
                bind 127.0.0.1:0
                stats enable
                stats uri /st
                acl admins src -f %s
                stats admin if admins || { src 198.51.100.7 }
                server s1 127.0.0.1:1
            """
                        .formatted(admins);
        Path file = Files.writeString(dir.resolve("haproxy.cfg"), cfg);
        ProxyDaemon proxy = ProxyDaemon.start(new HaproxyConfigLoader().load(file), Optional.empty(), System.err);
        try {
            int page = proxy.server().port("stats");
            int cli = ((InetSocketAddress) proxy.stats().sockets().get(0).localAddress()).getPort();
            String list = StatsIT.tcpCli(cli, "show acl");
            assertTrue(list.contains("(" + admins + ") pattern loaded from file"), list);
            assertTrue(list.contains("acl 'src' file '" + file + "' line 13"), list);

            assertFalse(adminForm(page), "127.0.0.1 is not an admin yet");
            assertTrue(StatsIT.tcpCli(cli, "add acl " + admins + " 127.0.0.1").isBlank());
            assertTrue(StatsIT.tcpCli(cli, "show acl " + admins).contains("127.0.0.1"));
            assertTrue(adminForm(page), "added: 127.0.0.1 administers");
            StatsIT.tcpCli(cli, "del acl " + admins + " 127.0.0.1");
            assertFalse(adminForm(page), "deleted again");

            // the anonymous acl's inline set is live too
            String id = list.lines()
                    .filter(l -> l.contains("acl 'src' file '" + file + "' line 13"))
                    .findFirst()
                    .orElseThrow()
                    .split(" ")[0];
            StatsIT.tcpCli(cli, "add acl #" + id + " 127.0.0.1");
            assertTrue(adminForm(page), "added to the inline set");
        } finally {
            proxy.stop(Duration.ZERO);
        }
    }

    /** Whether the stats page offers the admin form (server actions) to this client. */
    private static boolean adminForm(int port) throws Exception {
        return StatsIT.http(port, "GET", "/st", "", null).bodyText().contains("<option value=\"maint\">");
    }
}
