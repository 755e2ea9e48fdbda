package dev.hapair.proxy.sample;

import java.net.InetSocketAddress;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** A request (and optional response) for sample tests, without sockets. */
final class TestContext implements SampleContext {

    static final class Head implements HttpHead {
        final List<Map.Entry<String, String>> lines = new ArrayList<>();
        String method;
        String uri;
        int status;

        Head add(String n, String v) {
            lines.add(new AbstractMap.SimpleImmutableEntry<>(n, v));
            return this;
        }

        @Override
        public List<String> headers(String name) {
            List<String> out = new ArrayList<>();
            for (Map.Entry<String, String> l : lines) {
                if (l.getKey().toLowerCase(Locale.ROOT).equals(name.toLowerCase(Locale.ROOT))) {
                    out.add(l.getValue());
                }
            }
            return out;
        }

        @Override
        public List<Map.Entry<String, String>> headerLines() {
            return lines;
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
        public int status() {
            return status;
        }

        @Override
        public String version() {
            return "1.1";
        }
    }

    final Head req = new Head();
    Head res;
    final Vars vars = new Vars(new Vars.Proc());
    long now = 784111777_000L;
    TlsFacts tls;
    /** {@link #requestBody}: null unless a test sets it. */
    byte[] body;

    @Override
    public byte[] requestBody() {
        return body;
    }

    @Override
    public TlsFacts tls() {
        return tls;
    }

    @Override
    public boolean secure() {
        return tls != null;
    }

    TestContext(String method, String uri) {
        req.method = method;
        req.uri = uri;
    }

    @Override
    public InetSocketAddress source() {
        return new InetSocketAddress("192.168.1.10", 40000);
    }

    @Override
    public InetSocketAddress destination() {
        return new InetSocketAddress("10.0.0.1", 80);
    }

    @Override
    public HttpHead request() {
        return req;
    }

    @Override
    public HttpHead response() {
        return res;
    }

    @Override
    public Vars vars() {
        return vars;
    }

    @Override
    public long nowMillis() {
        return now;
    }
}
