package dev.hapair.vrrp.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.hapair.vrrp.config.KeepalivedConfigParser;
import dev.hapair.vrrp.config.NotifyScripts;
import dev.hapair.vrrp.fsm.NotifyType;
import java.util.List;
import org.junit.jupiter.api.Test;

class NotifyRunnerTest {
    @Test
    void notifyGetsKeepalivedsArgumentsAfterTheStateScript() throws Exception {
        NotifyScripts s = KeepalivedConfigParser.parse(
                        """
                vrrp_instance VI_1 {
                    interface eth0
                    virtual_router_id 1
                    notify_master "/etc/m.sh up"
                    notify /etc/any.sh
                    virtual_ipaddress {
                        10.0.0.1
                    }
                }
                """,
                        "t.conf")
                .orThrow()
                .instances()
                .get(0)
                .notifyScripts();
        assertEquals(
                List.of(List.of("/etc/m.sh", "up"), List.of("/etc/any.sh", "INSTANCE", "VI_1", "MASTER", "101")),
                NotifyRunner.commands(s, "INSTANCE", "VI_1", NotifyType.MASTER, 101));
        assertEquals(
                List.of(List.of("/etc/any.sh", "GROUP", "G", "FAULT")),
                NotifyRunner.commands(s, "GROUP", "G", NotifyType.FAULT, -1));
    }
}
