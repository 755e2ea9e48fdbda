package dev.hapair.health.probe;

import dev.hapair.health.CheckResult;
import dev.hapair.health.CheckStatus;
import io.netty.channel.ConnectTimeoutException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.time.Duration;

/** Maps a failed connect attempt to HAProxy's layer-4 codes. */
public final class ConnectFailures {

    private ConnectFailures() {}

    public static CheckResult classify(Throwable cause, Duration took) {
        Throwable c = cause;
        while (c.getCause() != null && !(c instanceof ConnectException) && !(c instanceof ConnectTimeoutException)) {
            c = c.getCause();
        }
        if (c instanceof ConnectTimeoutException) {
            return CheckResult.of(CheckStatus.L4TOUT, took, "Connection timeout");
        }
        if (c instanceof ConnectException || c instanceof NoRouteToHostException || c instanceof SocketException) {
            return CheckResult.of(CheckStatus.L4CON, took, humanMessage(c));
        }
        return CheckResult.of(CheckStatus.SOCKERR, took, humanMessage(c));
    }

    /** Netty's epoll messages read "connect(..) failed: Connection refused: /127.0.0.1:1"; keep the reason. */
    public static String humanMessage(Throwable c) {
        String m = c.getMessage();
        if (m == null) {
            return c.getClass().getSimpleName();
        }
        for (String known : new String[] {
            "Connection refused",
            "No route to host",
            "Network is unreachable",
            "Connection reset by peer",
            "Connection timed out",
            "Host is down"
        }) {
            if (m.contains(known)) {
                return known;
            }
        }
        return m;
    }
}
