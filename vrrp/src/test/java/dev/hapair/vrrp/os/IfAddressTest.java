package dev.hapair.vrrp.os;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hapair.vrrp.packet.Ipv4Addresses;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class IfAddressTest {
    @Test
    void bareAddressMeansSlash32LikeKeepalived() {
        IfAddress a = IfAddress.parse("eth0", "192.168.200.16");
        assertEquals(32, a.prefixLength());
        assertEquals("192.168.200.16/32 dev eth0", a.toString());
    }

    @Test
    void labelMustStartWithInterfaceName() {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> IfAddress.parse("eth0", "10.0.0.1/32")
                        .withLabel("vip0"));
        assertEquals("label 'vip0' must start with the interface name 'eth0'", e.getMessage());
    }

    @Test
    void labelLongerThanIfnamsizIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> IfAddress.parse("eth0", "10.0.0.1")
                .withLabel("eth0:0123456789ab"));
    }

    @Test
    void labelEqualToInterfaceNameIsTheDefault() {
        IfAddress a = IfAddress.parse("eth0", "10.0.0.1").withLabel("eth0");
        assertEquals(Optional.empty(), a.label());
        assertEquals("eth0", a.effectiveLabel());
        assertEquals(IfAddress.parse("eth0", "10.0.0.1"), a);
    }

    @Test
    void badAddressesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> IfAddress.parse("eth0", "10.0.0.256"));
        assertThrows(IllegalArgumentException.class, () -> IfAddress.parse("eth0", "10.0.0"));
        assertThrows(IllegalArgumentException.class, () -> IfAddress.parse("eth0", "10.0.0.1/33"));
        assertThrows(IllegalArgumentException.class, () -> IfAddress.parse("eth0", "host.example"));
    }

    @Test
    void toStringSpellsEveryOptionLikeIp() {
        IfAddress a = IfAddress.parse("eth1", "10.1.0.1/24")
                .withScope(AddressScope.LINK)
                .withBroadcast(Ipv4Addresses.parse("10.1.0.255"))
                .withLabel("eth1:1");
        assertEquals("10.1.0.1/24 brd 10.1.0.255 scope link dev eth1 label eth1:1", a.toString());
    }

    @Test
    void sameAssignmentIgnoresLabelAndScope() {
        IfAddress a = IfAddress.parse("eth0", "10.0.0.1/32");
        assertTrue(a.sameAssignment(a.withLabel("eth0:x").withScope(AddressScope.HOST)));
    }

    @Test
    void scopeKeywordsAreIpsAndKeepalivedsNames() {
        assertEquals(AddressScope.HOST, AddressScope.fromKeyword("host"));
        assertEquals(AddressScope.LINK, AddressScope.fromValue(253));
        assertThrows(IllegalArgumentException.class, () -> AddressScope.fromKeyword("planet"));
    }
}
