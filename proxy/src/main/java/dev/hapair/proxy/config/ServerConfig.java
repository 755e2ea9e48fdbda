package dev.hapair.proxy.config;

import dev.hapair.common.config.SourceLocation;
import dev.hapair.proxy.proxyprotocol.ProxyHeaderEncoder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * {@code server NAME ADDR[:PORT] [options]} after {@code default-server} was applied.
 *
 * <p>{@code host} is kept as written (after env expansion): an IP literal or a host name that the runtime
 * resolves following {@code initAddr}. {@code port == 0} means "no port written: use the port the client
 * connected to", as HAProxy does. A unix stream socket server has {@code host} {@code unix@PATH} or
 * {@code abns@NAME} (see {@link #unixSocket()}) and port 0.
 *
 * @param inter     check interval (default 2s); {@code fastinter}/{@code downinter} default to it
 * @param checkPort {@code port N}: the port health checks use instead of {@code port}
 * @param checkAddr {@code addr A}: the address health checks use instead of {@code host}
 * @param maxconn   0 = unlimited
 * @param maxqueue  0 = unlimited
 * @param initAddr  {@code init-addr} methods in order ({@code last}, {@code libc}, {@code none}, or an IP);
 *                  HAProxy's default is {@code last,libc}
 */
public record ServerConfig(
        String name,
        String host,
        int port,
        boolean check,
        Duration inter,
        Duration fastinter,
        Duration downinter,
        int rise,
        int fall,
        OptionalInt checkPort,
        Optional<String> checkAddr,
        boolean backup,
        int weight,
        int maxconn,
        int minconn,
        int maxqueue,
        Optional<String> cookie,
        boolean disabled,
        List<String> initAddr,
        Optional<Duration> slowstart,
        Optional<String> onMarkedDown,
        Optional<String> onMarkedUp,
        Optional<String> resolvers,
        ProxyHeaderEncoder.Version sendProxy,
        boolean checkSendProxy,
        OptionalInt id,
        ServerSslConfig ssl,
        SourceLocation location,
        Optional<dev.hapair.proxy.h2.ServerProtocol> proto,
        String ws) {

    public static final Duration DEFAULT_INTER = Duration.ofSeconds(2);
    public static final int DEFAULT_RISE = 2;
    public static final int DEFAULT_FALL = 3;
    public static final int DEFAULT_WEIGHT = 1;
    public static final List<String> DEFAULT_INIT_ADDR = List.of("last", "libc");

    public static final String UNIX_PREFIX = "unix@";
    public static final String ABNS_PREFIX = "abns@";

    public ServerConfig {
        initAddr = List.copyOf(initAddr);
    }

    /** A unix stream socket server: its path or abstract name; empty for a TCP server. */
    public Optional<UnixSocket> unixSocket() {
        return UnixSocket.of(host);
    }

    /** Where a unix socket server listens: a file system path, or a name in Linux's abstract namespace. */
    public record UnixSocket(String name, boolean isAbstract) {
        /** From a server host as the parser stores it ({@code unix@PATH}, {@code abns@NAME}). */
        public static Optional<UnixSocket> of(String host) {
            if (host.startsWith(UNIX_PREFIX)) return Optional.of(new UnixSocket(host.substring(5), false));
            if (host.startsWith(ABNS_PREFIX)) return Optional.of(new UnixSocket(host.substring(5), true));
            return Optional.empty();
        }
    }

    /** True when the server line had no port: connect to the port the client connected to. */
    public boolean usesClientPort() {
        return port == 0;
    }

    /** The port health checks connect to: {@code port N} if set, else the server port (0 = none known). */
    public int effectiveCheckPort() {
        return checkPort.orElse(port);
    }

    /**
     * Whether health checks start with a PROXY protocol header: {@code check-send-proxy}, or the server's
     * {@code send-proxy[-v2]} when no {@code port}/{@code addr} sends checks elsewhere (HAProxy's rule).
     */
    public boolean checksSendProxy() {
        return checkSendProxy
                || (sendProxy != ProxyHeaderEncoder.Version.NONE && checkPort.isEmpty() && checkAddr.isEmpty());
    }

    /** The address health checks connect to: {@code addr A} if set, else the server host. */
    public String effectiveCheckHost() {
        return checkAddr.orElse(host);
    }

    /** How requests are spoken to this server: {@code proto}, {@code ssl alpn} and {@code ws} together. */
    public dev.hapair.proxy.h2.ServerMux mux() {
        return new dev.hapair.proxy.h2.ServerMux(
                proto.orElse(null), ssl.enabled() ? ssl.alpn() : List.of(), dev.hapair.proxy.h2.ServerMux.Ws.of(ws));
    }

    /** True when {@code init-addr} lets the server start without a resolvable address. */
    public boolean mayStartUnresolved() {
        return initAddr.contains("none") || initAddr.stream().anyMatch(ServerConfig::looksLikeIp);
    }

    private static boolean looksLikeIp(String s) {
        return s.matches("[0-9.]+") || s.contains(":");
    }

    /** The same server with health checks switched on or off. */
    public ServerConfig withCheck(boolean enabled) {
        return new ServerConfig(
                name,
                host,
                port,
                enabled,
                inter,
                fastinter,
                downinter,
                rise,
                fall,
                checkPort,
                checkAddr,
                backup,
                weight,
                maxconn,
                minconn,
                maxqueue,
                cookie,
                disabled,
                initAddr,
                slowstart,
                onMarkedDown,
                onMarkedUp,
                resolvers,
                sendProxy,
                checkSendProxy,
                id,
                ssl,
                location,
                proto,
                ws);
    }

    public static Builder builder(String name, String host, int port) {
        Builder b = new Builder();
        b.name = name;
        b.host = host;
        b.port = port;
        return b;
    }

    /** Mutable builder; also the template of {@code default-server}. */
    public static final class Builder {
        public String name = "";
        public String host = "";
        public int port;
        public boolean check;
        public Duration inter;
        public Duration fastinter;
        public Duration downinter;
        public Integer rise;
        public Integer fall;
        public Integer checkPort;
        public String checkAddr;
        public boolean backup;
        public Integer weight;
        public Integer maxconn;
        public Integer minconn;
        public Integer maxqueue;
        public String cookie;
        public boolean disabled;
        public List<String> initAddr;
        public Duration slowstart;
        public String onMarkedDown;
        public String onMarkedUp;
        public String resolvers;
        /** {@code send-proxy} (cleared by {@code no-send-proxy}). */
        public boolean sendProxy;
        /** {@code send-proxy-v2} (cleared by {@code no-send-proxy-v2}); wins over {@code send-proxy}, as in HAProxy. */
        public boolean sendProxyV2;

        public boolean checkSendProxy;
        public Integer id;
        ServerSslConfig.Draft ssl = new ServerSslConfig.Draft();
        public SourceLocation location = SourceLocation.NONE;
        /** {@code proto h1|h2}; null when not written. */
        public String proto;
        /** {@code ws auto|h1|h2}; null when not written. */
        public String ws;

        /** A copy carrying every option; used to start a server from the {@code default-server} template. */
        public Builder copy() {
            Builder b = new Builder();
            b.name = name;
            b.host = host;
            b.port = port;
            b.check = check;
            b.inter = inter;
            b.fastinter = fastinter;
            b.downinter = downinter;
            b.rise = rise;
            b.fall = fall;
            b.checkPort = checkPort;
            b.checkAddr = checkAddr;
            b.backup = backup;
            b.weight = weight;
            b.maxconn = maxconn;
            b.minconn = minconn;
            b.maxqueue = maxqueue;
            b.cookie = cookie;
            b.disabled = disabled;
            b.initAddr = initAddr == null ? null : new ArrayList<>(initAddr);
            b.slowstart = slowstart;
            b.onMarkedDown = onMarkedDown;
            b.onMarkedUp = onMarkedUp;
            b.resolvers = resolvers;
            b.sendProxy = sendProxy;
            b.sendProxyV2 = sendProxyV2;
            b.checkSendProxy = checkSendProxy;
            b.id = id;
            b.ssl = ssl.copy();
            b.location = location;
            b.proto = proto;
            b.ws = ws;
            return b;
        }

        public ServerConfig build() {
            Duration i = inter == null ? DEFAULT_INTER : inter;
            return new ServerConfig(
                    name,
                    host,
                    port,
                    check,
                    i,
                    fastinter == null ? i : fastinter,
                    downinter == null ? i : downinter,
                    rise == null ? DEFAULT_RISE : rise,
                    fall == null ? DEFAULT_FALL : fall,
                    checkPort == null ? OptionalInt.empty() : OptionalInt.of(checkPort),
                    Optional.ofNullable(checkAddr),
                    backup,
                    weight == null ? DEFAULT_WEIGHT : weight,
                    maxconn == null ? 0 : maxconn,
                    minconn == null ? 0 : minconn,
                    maxqueue == null ? 0 : maxqueue,
                    Optional.ofNullable(cookie),
                    disabled,
                    initAddr == null ? DEFAULT_INIT_ADDR : initAddr,
                    Optional.ofNullable(slowstart),
                    Optional.ofNullable(onMarkedDown),
                    Optional.ofNullable(onMarkedUp),
                    Optional.ofNullable(resolvers),
                    sendProxyV2
                            ? ProxyHeaderEncoder.Version.V2
                            : sendProxy ? ProxyHeaderEncoder.Version.V1 : ProxyHeaderEncoder.Version.NONE,
                    checkSendProxy,
                    id == null ? OptionalInt.empty() : OptionalInt.of(id),
                    ssl.build(),
                    location,
                    protocol(),
                    ws == null ? "auto" : ws);
        }

        /** {@code proto h1|h2} as written (empty: chosen by ALPN with {@code ssl alpn}, else HTTP/1.1). */
        private Optional<dev.hapair.proxy.h2.ServerProtocol> protocol() {
            if (proto == null) return Optional.empty();
            return Optional.of(
                    proto.equals("h2") ? dev.hapair.proxy.h2.ServerProtocol.H2 : dev.hapair.proxy.h2.ServerProtocol.H1);
        }
    }
}
