package dev.hapair.vrrp.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.hapair.vrrp.config.KeepalivedConfigParser;
import dev.hapair.vrrp.config.NotifyScripts;
import dev.hapair.vrrp.fsm.NotifyType;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class NotifyAndSdNotifyTest {
    @Test
    void notifyGetsKeepalivedsArgumentsAfterTheStateScript() throws Exception {
        NotifyScripts s = KeepalivedConfigParser.parse("""
                vrrp_instance VI_1 {
                    interface eth0
                    virtual_router_id 1
                    notify_master "/etc/m.sh up"
                    notify /etc/any.sh
                    virtual_ipaddress {
                        10.0.0.1
                    }
                }
                """, "t.conf").orThrow().instances().get(0).notifyScripts();
        assertEquals(List.of(List.of("/etc/m.sh", "up"), List.of("/etc/any.sh", "INSTANCE", "VI_1", "MASTER", "101")),
                NotifyRunner.commands(s, "INSTANCE", "VI_1", NotifyType.MASTER, 101));
        assertEquals(List.of(List.of("/etc/any.sh", "GROUP", "G", "FAULT")),
                NotifyRunner.commands(s, "GROUP", "G", NotifyType.FAULT, -1));
    }

    @Test
    void sockaddrUnForPathAndAbstractNames() {
        byte[] path = SdNotify.sockaddrUn("/run/n");
        assertArrayEquals(new byte[] {1, 0, '/', 'r', 'u', 'n', '/', 'n', 0}, path);
        byte[] abs = SdNotify.sockaddrUn("@sd");
        assertArrayEquals(new byte[] {1, 0, 0, 's', 'd'}, abs, "abstract: leading NUL, no terminator");
        assertFalse(new SdNotify(Optional.empty()).send("READY=1"), "no NOTIFY_SOCKET: nothing sent");
    }
}
