package dev.hapair.proxy.runtime.master;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.file.Path;
import java.util.Optional;

/**
 * {@code -S <bind>[,<option>,<value>...]}: a unix socket path (optionally {@code unix@}) or
 * {@code ipv4@host:port} / {@code host:port}. Only {@code mode <octal>} is accepted among HAProxy's bind
 * options; any other is refused (fail closed: an unknown option could have been meant to restrict access).
 *
 * @param unixPath the socket file, for a unix socket
 * @param mode     its permissions (octal), when given
 */
public record MasterCliAddress(SocketAddress address, Optional<Path> unixPath, Optional<Integer> mode) {

    public static MasterCliAddress parse(String spec) {
        String[] parts = spec.split(",", -1);
        String where = parts[0];
        if (where.isEmpty()) throw new IllegalArgumentException("-S: missing address");
        Integer mode = null;
        for (int i = 1; i < parts.length; i += 2) {
            String opt = parts[i];
            if (i + 1 >= parts.length) throw new IllegalArgumentException("-S: option '" + opt + "' expects a value");
            String val = parts[i + 1];
            if (!opt.equals("mode")) {
                throw new IllegalArgumentException("-S: bind option '" + opt + "' is not supported (only 'mode')");
            }
            if (!val.matches("[0-7]{1,4}")) throw new IllegalArgumentException("-S: invalid mode '" + val + "'");
            mode = Integer.parseInt(val, 8);
        }
        if (!where.startsWith("/") && where.contains("@") && !where.startsWith("unix@") && !where.startsWith("ipv4@")) {
            throw new IllegalArgumentException(
                    "-S: address family of '" + where + "' is not supported (unix path or ipv4@)");
        }
        if (where.startsWith("ipv4@")
                || (!where.startsWith("/") && !where.startsWith("unix@") && where.contains(":"))) {
            String hp = where.startsWith("ipv4@") ? where.substring(5) : where;
            int c = hp.lastIndexOf(':');
            if (c < 0) throw new IllegalArgumentException("-S: '" + where + "' needs host:port");
            int port;
            try {
                port = Integer.parseInt(hp.substring(c + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("-S: invalid port in '" + where + "'");
            }
            if (port < 1 || port > 65535) throw new IllegalArgumentException("-S: invalid port in '" + where + "'");
            if (mode != null) throw new IllegalArgumentException("-S: 'mode' applies to unix sockets only");
            String host = hp.substring(0, c);
            return new MasterCliAddress(
                    new InetSocketAddress(host.isEmpty() ? "0.0.0.0" : host, port), Optional.empty(), Optional.empty());
        }
        Path p = Path.of(where.startsWith("unix@") ? where.substring(5) : where);
        return new MasterCliAddress(UnixDomainSocketAddress.of(p), Optional.of(p), Optional.ofNullable(mode));
    }
}
