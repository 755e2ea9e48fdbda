package dev.hapair.proxy.config;

import dev.hapair.common.config.SourceLocation;
import java.util.List;
import java.util.function.Function;

/** Parses bind / stats socket / server addresses as HAProxy writes them. */
final class EndpointParser {

    private static final List<String> INET_PREFIXES = List.of("ipv4@", "ipv6@", "tcp@", "tcp4@", "tcp6@");
    private static final String FD_PREFIX = "fd@";
    private static final String ABNS_PREFIX = "abns@";
    private static final List<String> UNSUPPORTED_PREFIXES =
            List.of(FD_PREFIX, "sockpair@", "udp@", "udp4@", "udp6@", "quic4@", "quic6@", "uxst@", "uxdg@");

    private EndpointParser() {}

    /**
     * A listening address: {@code [PREFIX@]HOST:PORT[-PORT]}, {@code *:80}, {@code :::80}, {@code /path},
     * {@code abns@NAME} (Linux abstract namespace), {@code fd@N} (an inherited listening socket).
     */
    static Endpoint listening(String text, SourceLocation at) {
        if (text.startsWith(FD_PREFIX)) {
            return new Endpoint.Fd(fdNumber(text), at);
        }
        Endpoint.Unix unix = unix(text, at);
        if (unix != null) {
            return unix;
        }
        String rest = stripPrefix(text);
        HostPort hp = splitHostPort(rest, text);
        if (hp.port == null || hp.port.isEmpty()) {
            throw new LineError("missing port number in '" + text + "' (expected ADDR:PORT)");
        }
        int dash = hp.port.indexOf('-');
        int from;
        int to;
        if (dash > 0) {
            from = port(hp.port.substring(0, dash), text);
            to = port(hp.port.substring(dash + 1), text);
            if (to < from) {
                throw new LineError("invalid port range '" + hp.port + "' in '" + text + "'");
            }
        } else {
            from = port(hp.port, text);
            to = from;
        }
        return new Endpoint.Inet(hp.host, from, to, at);
    }

    /**
     * A unix stream socket address as HAProxy writes it: {@code /path} and {@code unix@path} name a file
     * system socket, {@code abns@name} one in Linux's abstract namespace; null for any other address.
     */
    static Endpoint.Unix unix(String text, SourceLocation at) {
        boolean abns = text.startsWith(ABNS_PREFIX);
        if (!abns && !text.startsWith("/") && !text.startsWith("unix@")) {
            return null;
        }
        String name = abns ? text.substring(ABNS_PREFIX.length()) : text.startsWith("unix@") ? text.substring(5) : text;
        if (name.isEmpty()) {
            throw new LineError("missing unix socket " + (abns ? "name" : "path") + " in '" + text + "'");
        }
        // sun_path holds 108 bytes: a path with its NUL, or a NUL then the abstract name
        int limit = 107;
        if (name.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > limit) {
            throw new LineError(
                    "unix socket " + (abns ? "name" : "path") + " '" + name + "' is longer than " + limit + " bytes");
        }
        return new Endpoint.Unix(name, abns, at);
    }

    /** A server address: {@code HOST[:PORT]}; port 0 when absent. Port offsets ({@code :+1}) are refused. */
    static HostPort server(String text) {
        String rest = stripPrefix(text);
        HostPort hp = splitHostPort(rest, text);
        if (hp.host.isEmpty()) {
            throw new LineError("missing address in '" + text + "'");
        }
        if (hp.port != null && (hp.port.startsWith("+") || hp.port.startsWith("-"))) {
            throw new LineError("port offsets ('" + hp.port + "') are not supported by hapair in '" + text + "'");
        }
        return hp;
    }

    static int serverPort(HostPort hp, String text) {
        return hp.port == null || hp.port.isEmpty() ? 0 : port(hp.port, text);
    }

    record HostPort(String host, String port) {}

    private static String stripPrefix(String text) {
        for (String p : UNSUPPORTED_PREFIXES) {
            if (text.startsWith(p)) {
                throw new LineError("address family '" + p + "' is not supported by hapair in '" + text + "'");
            }
        }
        for (String p : INET_PREFIXES) {
            if (text.startsWith(p)) {
                return text.substring(p.length());
            }
        }
        return text;
    }

    /** HAProxy takes the last colon as the port separator; {@code [v6]:port} is also accepted. */
    private static HostPort splitHostPort(String s, String original) {
        if (s.startsWith("[")) {
            int close = s.indexOf(']');
            if (close < 0) {
                throw new LineError("missing ']' in '" + original + "'");
            }
            String host = s.substring(1, close);
            String after = s.substring(close + 1);
            if (after.isEmpty()) {
                return new HostPort(host, null);
            }
            if (!after.startsWith(":")) {
                throw new LineError("unexpected '" + after + "' after ']' in '" + original + "'");
            }
            return new HostPort(host, after.substring(1));
        }
        int colon = s.lastIndexOf(':');
        if (colon < 0) {
            return new HostPort(s, null);
        }
        return new HostPort(s.substring(0, colon), s.substring(colon + 1));
    }

    /**
     * HAProxy's expansion of environment variables in addresses: {@code $NAME} or {@code ${NAME}}, NAME made of
     * letters, digits and underscores; an unset variable expands to nothing.
     */
    static String expandEnv(String text, Function<String, String> env) {
        if (text.indexOf('$') < 0) {
            return text;
        }
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c != '$') {
                out.append(c);
                i++;
                continue;
            }
            int p = i + 1;
            boolean braced = p < text.length() && text.charAt(p) == '{';
            if (braced) {
                p++;
            }
            int start = p;
            while (p < text.length() && isNameChar(text.charAt(p))) {
                p++;
            }
            String value = env.apply(text.substring(start, p));
            if (value != null) {
                out.append(value);
            }
            if (braced && p < text.length() && text.charAt(p) == '}') {
                p++;
            }
            i = p;
        }
        return out.toString();
    }

    private static boolean isNameChar(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_';
    }

    private static int fdNumber(String text) {
        String n = text.substring(FD_PREFIX.length());
        if (n.isEmpty()) {
            throw new LineError("missing file descriptor number in '" + text + "' (expected fd@N; an unset "
                    + "environment variable in \"fd@${NAME}\" expands to nothing)");
        }
        try {
            int fd = Integer.parseInt(n);
            if (fd < 0) {
                throw new NumberFormatException();
            }
            return fd;
        } catch (NumberFormatException e) {
            throw new LineError("invalid file descriptor number '" + n + "' in '" + text + "' (expected fd@N)");
        }
    }

    private static int port(String p, String original) {
        try {
            int v = Integer.parseInt(p);
            if (v < 0 || v > 65535) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw new LineError("invalid port '" + p + "' in '" + original + "'");
        }
    }
}
