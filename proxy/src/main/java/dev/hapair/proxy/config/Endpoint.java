package dev.hapair.proxy.config;

import dev.hapair.common.config.SourceLocation;

/**
 * A listening address as written in {@code bind} or {@code stats socket}: inet (with port range), unix path,
 * or an inherited listening socket ({@code fd@N}).
 */
public sealed interface Endpoint permits Endpoint.Inet, Endpoint.Unix, Endpoint.Fd {

    SourceLocation location();

    /** The address as an operator would write it ({@code 127.0.0.1:80}, {@code /run/x.sock}, {@code fd@3}). */
    String display();

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
        @Override
        public String display() {
            String h = host.contains(":") ? "[" + host + "]" : host;
            return h + ":" + (isPortRange() ? portFrom + "-" + portTo : String.valueOf(portFrom));
        }
    }

    /**
     * A unix stream socket: a path ({@code /var/run/haproxy.sock} or {@code unix@/path}), or with
     * {@code isAbstract} a name in Linux's abstract namespace ({@code abns@name}).
     */
    record Unix(String path, boolean isAbstract, SourceLocation location) implements Endpoint {
        public Unix(String path, SourceLocation location) {
            this(path, false, location);
        }

        @Override
        public String display() {
            return isAbstract ? "abns@" + path : path;
        }
    }

    /**
     * {@code fd@N}: a socket that is already bound and listening, inherited from the parent process as file
     * descriptor {@code N} (systemd socket activation: the first socket is fd 3; VTest passes its pre-bound
     * sockets this way). Whether {@code N} really is such a socket is checked when the proxy starts.
     */
    record Fd(int fd, SourceLocation location) implements Endpoint {
        public Fd {
            if (fd < 0) {
                throw new IllegalArgumentException("negative fd " + fd);
            }
        }

        @Override
        public String display() {
            return "fd@" + fd;
        }
    }
}
