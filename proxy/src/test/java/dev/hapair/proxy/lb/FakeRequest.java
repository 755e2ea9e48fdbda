package dev.hapair.proxy.lb;

import java.net.InetAddress;
import java.util.Map;

/** An HTTP request for balancing tests. */
record FakeRequest(InetAddress sourceAddress, String uri, Map<String, String> headers) implements LbRequest {

    static FakeRequest uri(String uri) {
        return new FakeRequest(null, uri, Map.of());
    }

    static FakeRequest header(String name, String value) {
        return new FakeRequest(null, "/", Map.of(name.toLowerCase(), value));
    }

    @Override
    public String header(String name) {
        return headers.get(name.toLowerCase());
    }
}
