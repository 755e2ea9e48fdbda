package dev.hapair.proxy.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class ForwardForTest {
    @Test
    void exceptNetworkSkipsItsClients() throws Exception {
        ForwardFor f = ForwardFor.of(null, "127.0.0.0/8");
        assertEquals("X-Forwarded-For", f.header());
        assertFalse(f.appliesTo(InetAddress.getByName("127.0.0.1")));
        assertFalse(f.appliesTo(InetAddress.getByName("127.255.1.2")));
        assertTrue(f.appliesTo(InetAddress.getByName("128.0.0.1")));
        assertTrue(f.appliesTo(InetAddress.getByName("::1")), "other family is never excepted");
    }

    @Test
    void oddPrefixAndDottedMaskAndCustomHeader() throws Exception {
        ForwardFor f = ForwardFor.of("X-Client", "10.1.2.0/23");
        assertEquals("X-Client", f.header());
        assertFalse(f.appliesTo(InetAddress.getByName("10.1.3.200")));
        assertTrue(f.appliesTo(InetAddress.getByName("10.1.4.1")));
        ForwardFor m = ForwardFor.of(null, "192.168.0.0/255.255.0.0");
        assertFalse(m.appliesTo(InetAddress.getByName("192.168.77.1")));
        assertTrue(m.appliesTo(InetAddress.getByName("192.169.0.1")));
        assertTrue(ForwardFor.standard().appliesTo(InetAddress.getByName("127.0.0.1")));
    }
}
