package dev.hapair.proxy.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** so_name: the bind line's name by the connection's local address. */
class FrontendBindNamesTest {
    @Test
    void exactAddressesThenWildcardPorts() {
        FrontendRuntime fe = new FrontendRuntime(
                        "fe", FrontendSettings.http(List.of(), Timeouts.NONE), r -> null, List.of())
                .withBindNames(Map.of(
                        new InetSocketAddress("127.0.0.1", 8080), "foo",
                        new InetSocketAddress("0.0.0.0", 9090), "any"));
        assertEquals("foo", fe.bindName(new InetSocketAddress("127.0.0.1", 8080)));
        assertEquals("any", fe.bindName(new InetSocketAddress("127.0.0.2", 9090)));
        assertNull(fe.bindName(new InetSocketAddress("127.0.0.2", 8080)));
    }
}
