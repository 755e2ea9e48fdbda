package dev.hapair.vrrp.config;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Optional;

/**
 * {@code metrics_listen [ADDR:]PORT} (hapair's own global_defs keyword, keepalived has no metrics): where
 * hapair-vrrp serves Prometheus text at {@code /metrics}. Off unless written; without an address it binds to
 * 127.0.0.1 only, since the page tells anyone who can read it which host holds which address.
 */
public final class MetricsListen {
    private MetricsListen() {}

    /** Parses {@code PORT}, {@code ADDR:PORT} or {@code [V6ADDR]:PORT}; empty when malformed. */
    public static Optional<InetSocketAddress> parse(String text) {
        String host = "127.0.0.1";
        String port = text;
        if (text.startsWith("[")) {
            int close = text.indexOf("]:");
            if (close < 0) {
                return Optional.empty();
            }
            host = text.substring(1, close);
            port = text.substring(close + 2);
        } else if (text.contains(":")) {
            int colon = text.lastIndexOf(':');
            host = text.substring(0, colon);
            port = text.substring(colon + 1);
            if (host.contains(":")) {
                return Optional.empty(); // a bare IPv6 address needs brackets
            }
        }
        int p;
        try {
            p = Integer.parseInt(port);
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        Optional<InetAddress> address = IpAddresses.parse(host);
        if (p < 1 || p > 65535 || address.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new InetSocketAddress(address.get(), p));
    }
}
