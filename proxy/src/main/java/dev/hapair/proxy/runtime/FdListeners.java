package dev.hapair.proxy.runtime;

import dev.hapair.proxy.config.BindConfig;
import dev.hapair.proxy.config.ConfigDiagnostic;
import dev.hapair.proxy.config.ConfigException;
import dev.hapair.proxy.config.Endpoint;
import dev.hapair.proxy.config.HaproxyConfig;
import dev.hapair.proxy.config.ProxyConfig;
import dev.hapair.proxy.config.StatsSocket;
import dev.hapair.proxy.netty.InheritedSocket;
import dev.hapair.proxy.netty.Transport;
import io.netty.channel.ServerChannel;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The {@code bind fd@N} listeners of one process: each inherited socket is inspected and wrapped once, the
 * first time a configuration names it, and from then on is known by its local address (a reload that keeps
 * {@code fd@N} keeps the very same listener). A reload that drops {@code fd@N} closes that socket for good,
 * so naming it again later is an error rather than a guess at what the number now refers to.
 */
final class FdListeners {
    /** fd -> local address of every inherited socket ever adopted by this process. */
    private final Map<Integer, InetSocketAddress> adopted = new HashMap<>();

    /**
     * What {@link #prepare} found: the address of every {@code fd@N} of the configuration (for the runtime
     * builder) and the sockets seen for the first time (for {@code ProxyServer.adopt}).
     */
    record Prepared(Map<Integer, InetSocketAddress> addresses, List<ServerChannel> fresh) {}

    /**
     * @param stillOpen whether the proxy still listens on (or holds, not yet used) a previously adopted address
     * @throws ConfigException naming the bind line when an fd is not an inherited listening TCP socket
     */
    synchronized Prepared prepare(HaproxyConfig config, Transport transport, Predicate<InetSocketAddress> stillOpen)
            throws ConfigException {
        Map<Integer, InetSocketAddress> addresses = new LinkedHashMap<>();
        Map<Integer, InheritedSocket> toWrap = new LinkedHashMap<>();
        for (ProxyConfig p : config.frontends()) {
            if (p.disabled()) continue;
            for (BindConfig b : p.binds()) {
                for (Endpoint e : b.endpoints()) {
                    if (!(e instanceof Endpoint.Fd f)) continue;
                    InetSocketAddress known = adopted.get(f.fd());
                    if (known != null) {
                        if (!stillOpen.test(known)) {
                            throw error(
                                    f,
                                    "the socket was closed when an earlier reload removed this bind; "
                                            + "an inherited socket cannot be reopened");
                        }
                        addresses.put(f.fd(), known);
                        continue;
                    }
                    if (!transport.isEpoll()) throw error(f, "inherited sockets need the epoll transport");
                    try {
                        InheritedSocket s = InheritedSocket.inspect(f.fd());
                        if (s.family() != InheritedSocket.Family.INET) {
                            throw error(f, "fd " + f.fd() + " is a unix socket; frontends accept TCP only");
                        }
                        toWrap.put(f.fd(), s);
                    } catch (IOException ex) {
                        throw error(f, ex.getMessage());
                    }
                }
            }
        }
        List<ServerChannel> fresh = new ArrayList<>();
        for (var e : toWrap.entrySet()) {
            ServerChannel ch = e.getValue().channel();
            InetSocketAddress local = (InetSocketAddress) ch.localAddress();
            adopted.put(e.getKey(), local);
            addresses.put(e.getKey(), local);
            fresh.add(ch);
        }
        return new Prepared(addresses, fresh);
    }

    /** Every {@code fd@N} address of the configuration: enabled frontends' binds and the stats sockets. */
    static List<Endpoint.Fd> inheritedSockets(HaproxyConfig config) {
        List<Endpoint.Fd> out = new ArrayList<>();
        for (ProxyConfig p : config.frontends()) {
            if (p.disabled()) continue;
            for (BindConfig b : p.binds()) {
                for (Endpoint e : b.endpoints()) {
                    if (e instanceof Endpoint.Fd f) out.add(f);
                }
            }
        }
        for (StatsSocket s : config.global().statsSockets()) {
            if (s.endpoint() instanceof Endpoint.Fd f) out.add(f);
        }
        return out;
    }

    private static ConfigException error(Endpoint.Fd f, String why) {
        return new ConfigException(
                ConfigDiagnostic.alert(f.location(), "bind", "cannot listen on '" + f.display() + "': " + why));
    }
}
