package dev.hapair.proxy.acl;

import dev.hapair.proxy.sample.HttpHead;
import dev.hapair.proxy.sample.SampleContext;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A mutable request for acl tests: the view, and the sample context over it (as the proxy's transaction is
 * for its requests), with its own head.
 */
final class FakeRequestView implements RequestView, SampleContext, HttpHead {

    String method = "GET";
    String uri = "/";
    String version = "1.1";
    InetAddress source;
    int dstPort = 80;
    final Map<String, List<String>> headers = new LinkedHashMap<>();

    FakeRequestView(String method, String uri) {
        this.method = method;
        this.uri = uri;
        this.source = addr("192.0.2.10");
    }

    static FakeRequestView get(String uri) {
        return new FakeRequestView("GET", uri);
    }

    static InetAddress addr(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    FakeRequestView header(String name, String value) {
        headers.computeIfAbsent(name.toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                .add(value);
        return this;
    }

    FakeRequestView from(String literal) {
        source = addr(literal);
        return this;
    }

    @Override
    public String method() {
        return method;
    }

    @Override
    public String uri() {
        return uri;
    }

    @Override
    public List<String> headers(String name) {
        return headers.getOrDefault(name.toLowerCase(Locale.ROOT), List.of());
    }

    @Override
    public String httpVersion() {
        return version;
    }

    @Override
    public InetAddress sourceAddress() {
        return source;
    }

    @Override
    public int destinationPort() {
        return dstPort;
    }

    // the sample context: addresses as a socket would give them, the head as received

    @Override
    public InetSocketAddress source() {
        return source == null ? null : new InetSocketAddress(source, 0);
    }

    @Override
    public InetSocketAddress destination() {
        return InetSocketAddress.createUnresolved("unknown", dstPort);
    }

    @Override
    public HttpHead request() {
        return method == null ? null : this;
    }

    @Override
    public dev.hapair.proxy.sample.TlsFacts tls() {
        return null; // a plain connection
    }

    @Override
    public boolean secure() {
        return false;
    }

    @Override
    public List<Map.Entry<String, String>> headerLines() {
        List<Map.Entry<String, String>> out = new ArrayList<>();
        headers.forEach((n, vs) -> vs.forEach(v -> out.add(new AbstractMap.SimpleImmutableEntry<>(n, v))));
        return out;
    }

    @Override
    public String version() {
        return version;
    }
}
