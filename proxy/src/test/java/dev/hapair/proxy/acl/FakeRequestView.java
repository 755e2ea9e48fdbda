package dev.hapair.proxy.acl;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** A mutable request for acl tests. */
final class FakeRequestView implements RequestView {

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
}
