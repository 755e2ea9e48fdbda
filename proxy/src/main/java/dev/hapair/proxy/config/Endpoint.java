package dev.hapair.proxy.config;

import dev.hapair.common.config.SourceLocation;

/** A listening address as written in {@code bind} or {@code stats socket}: inet (with port range) or unix path. */
public sealed interface Endpoint permits Endpoint.Inet, Endpoint.Unix {

    SourceLocation location();

    /**
     * An IPv4/IPv6 address (or host name) with a port or port range. {@code host} is as written after
     * environment expansion, without IPv6 brackets; {@code "*"} and {@code ""} mean every IPv4 address,
     * {@code "::"} every IPv6 address. {@code portFrom == portTo} for a single port; port 0 asks the OS.
     */
    record Inet(String host, int portFrom, int portTo, SourceLocation location) implements Endpoint {
        public Inet {
            if (portFrom < 0 || portTo > 65535 || portTo < portFrom) {
                throw new IllegalArgumentException("bad port range " + portFrom + "-" + portTo);
            }
        }

        public boolean isWildcard() {
            return host.isEmpty() || host.equals("*") || host.equals("0.0.0.0") || host.equals("::");
        }

        public boolean isPortRange() {
            return portFrom != portTo;
        }

        /** The literal to bind to: {@code 0.0.0.0} for {@code *} and empty, otherwise the host itself. */
        public String bindHost() {
            return host.isEmpty() || host.equals("*") ? "0.0.0.0" : host;
        }

        public int port() {
            return portFrom;
        }

        /** {@code host:port}, with brackets around IPv6 literals. */
        public String display() {
            String h = host.contains(":") ? "[" + host + "]" : host;
            return h + ":" + (isPortRange() ? portFrom + "-" + portTo : String.valueOf(portFrom));
        }
    }

    /** A unix socket path ({@code /var/run/haproxy.sock} or {@code unix@/path}). */
    record Unix(String path, SourceLocation location) implements Endpoint {
    }
}
