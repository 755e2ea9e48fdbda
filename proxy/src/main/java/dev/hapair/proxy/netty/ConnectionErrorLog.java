package dev.hapair.proxy.netty;

import dev.hapair.proxy.backend.FrontendRuntime;
import dev.hapair.proxy.backend.LogFormat;
import dev.hapair.proxy.http.ConnTxn;
import dev.hapair.proxy.log.LogSink;
import dev.hapair.proxy.log.TrafficLogEntry;
import dev.hapair.proxy.rules.ProxyRules;
import dev.hapair.proxy.sample.ConnectionError;
import dev.hapair.proxy.sample.FormatString;
import dev.hapair.proxy.sample.TlsFacts;
import io.netty.channel.Channel;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.List;

/**
 * The log line of a client connection that failed before a stream could start (HAProxy 2.6 configuration manual
 * 8.2.5): a TLS handshake that failed, timed out or was cut. With {@code error-log-format} the line is that format
 * over the connection ({@code fc_err}, {@code ssl_fc_err}...); without, HAProxy's short fixed line {@code
 * <ip>:<port> [<accept date>] <frontend>/<bind>: <fc_err_str>}. Sent at level info, only by a frontend that logs
 * (a log target and a log format), and not for connections that closed without a byte under {@code option
 * dontlognull}.
 */
final class ConnectionErrorLog {

    private ConnectionErrorLog() {}

    static void handshakeFailed(
            ProxyContext px, FrontendRuntime fe, Channel ch, ConnectionError error, long acceptEpochMillis) {
        ProxyRules rules = ProxyRules.in(fe.rules());
        if (!logs(fe, rules)) {
            return;
        }
        if (fe.settings().dontLogNull()
                && (error.code() == ConnectionError.SSL_EMPTY || error.code() == ConnectionError.SSL_ABORT)) {
            return;
        }
        String line = line(fe, rules, ch, error, acceptEpochMillis, px.activeConnections.get());
        LogSink sink = fe.log() != null ? fe.log() : px.log;
        sink.log(6, line);
    }

    /** HAProxy logs connection errors of a frontend with a log format ({@code to_log}) and a log target. */
    static boolean logs(FrontendRuntime fe, ProxyRules rules) {
        return fe.settings().log() != LogFormat.NONE || rules.errorLogFormat() != null;
    }

    static String line(
            FrontendRuntime fe,
            ProxyRules rules,
            Channel ch,
            ConnectionError error,
            long acceptEpochMillis,
            int actconn) {
        InetSocketAddress client = ClientAddresses.source(ch);
        TrafficLogEntry log = new TrafficLogEntry();
        log.acceptEpochMillis = acceptEpochMillis;
        log.frontend = fe.name() + (fe.hasTls() ? "~" : "");
        log.backend = fe.name();
        boolean unix = client == dev.hapair.proxy.sample.Addresses.UNIX;
        // a unix socket's peer is "unix" and the listener's id, as HAProxy prints it
        log.clientIp =
                client == null ? "unknown" : unix ? "unix" : client.getAddress().getHostAddress();
        log.clientPort = client == null ? 0 : unix ? listenerId(fe, ch.localAddress()) : client.getPort();
        log.actconn = actconn;
        log.feconn = fe.counters().currentSessions();
        if (rules.errorLogFormat() != null) {
            ConnTxn t = new ConnTxn(client, ClientAddresses.destination(ch), rules, fe.name());
            t.secure(true);
            t.tls(attempted(ch));
            t.connectionError(error);
            t.log(log, null, null);
            return rules.errorLogFormat().render(t, FormatString.Absent.DASH);
        }
        String prefix = client == null ? "unknown [" : log.clientIp + ":" + log.clientPort + " [";
        String bind = fe.bindName(ch.localAddress());
        return prefix + log.acceptDate() + "] " + fe.name() + "/"
                + (bind != null ? bind : Integer.toString(listenerId(fe, ch.localAddress()))) + ": "
                + ConnectionError.message(error.code());
    }

    /** What is known of a failed handshake: the server name the client asked for. */
    private static TlsFacts attempted(Channel ch) {
        return new TlsFacts(dev.hapair.proxy.tls.ServerTls.sni(ch), null, null, null, null);
    }

    /** HAProxy's listener id: the position of the listening address in the frontend's bind lines, from 1. */
    static int listenerId(FrontendRuntime fe, SocketAddress local) {
        List<SocketAddress> binds = fe.settings().binds();
        for (int i = 0; i < binds.size(); i++) {
            SocketAddress b = binds.get(i);
            if (b.equals(local)
                    || (b instanceof InetSocketAddress k
                            && local instanceof InetSocketAddress a
                            && k.getAddress().isAnyLocalAddress()
                            && k.getPort() == a.getPort())) {
                return i + 1;
            }
        }
        return 1;
    }
}
