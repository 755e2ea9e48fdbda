package dev.hapair.proxy.log;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * One session's (tcp) or request's (http) facts, filled in by the data path and rendered in HAProxy's
 * {@code option tcplog} / {@code option httplog} formats. Times are milliseconds; -1 means the step
 * never happened (HAProxy prints -1 too).
 */
public final class TrafficLogEntry {
    /**
     * In a holder: a formatter with month names loads the JDK's locale data and time-zone rules (~150 classes,
     * ~1 MiB resident), which a process that never writes a log line need not keep; one that logs has them
     * already from its log sink's time stamps.
     */
    private static final class Dates {
        static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss.SSS", Locale.ENGLISH)
                .withZone(ZoneId.systemDefault());
    }

    public String clientIp = "-";
    public int clientPort;
    public long acceptEpochMillis;
    public String frontend = "-";
    public String backend = "-";
    public String server = "<NOSRV>";
    /** %TR: time to receive the full request head. */
    public long tRequest = -1;
    /** %Tw: time spent in queues. */
    public long tQueue = -1;
    /** %Tc: time to connect to the server. */
    public long tConnect = -1;
    /** %Tr: server response time (headers). */
    public long tResponse = -1;
    /** %Ta / %Tt: total active time. */
    public long tTotal = -1;

    public int status = -1;
    public long bytesRead;
    /**
     * {@code option logasap}: the line was written before the end (response head received, or server
     * connected in tcp mode), so the total time and the bytes are "so far" and printed with a {@code +}.
     */
    public boolean early;
    /** Termination state, two chars (e.g. "--", "SC", "cD"). */
    public String termination = "--";
    /** Cookie persistence flags, two chars (e.g. "--", "NI", "VN"). */
    public String cookieFlags = "--";

    public int actconn, feconn, beconn, srvconn, retries;
    public boolean redispatched;
    public int srvQueue, backendQueue;
    public String requestLine = "<BADREQ>";
    /** %hr / %hs: {@code {value|value}} of the declared header captures, null when none is declared. */
    public String requestCaptures;

    public String responseCaptures;

    /** Formats one line of each kind and drops them: loads and initialises what formatting needs. */
    public static void warmUp() {
        TrafficLogEntry l = new TrafficLogEntry();
        l.acceptEpochMillis = System.currentTimeMillis();
        if (l.httpLine().isEmpty() || l.tcpLine().isEmpty()) throw new IllegalStateException();
    }

    /** The accept date as logs print it ({@code %tr}'s form): {@code 06/Feb/2009:12:14:14.655}. */
    public String acceptDate() {
        return date();
    }

    private String date() {
        return Dates.DATE.format(Instant.ofEpochMilli(acceptEpochMillis));
    }

    private String counts() {
        return actconn + "/" + feconn + "/" + beconn + "/" + srvconn + "/" + (redispatched ? "+" : "") + retries + " "
                + srvQueue + "/" + backendQueue;
    }

    /** {@code %ci:%cp [%tr] %ft %b/%s %TR/%Tw/%Tc/%Tr/%Ta %ST %B %CC %CS %tsc %ac/%fc/%bc/%sc/%rc %sq/%bq %{+Q}r}. */
    public String httpLine() {
        return clientIp + ":" + clientPort + " [" + date() + "] " + frontend + " " + backend + "/" + server + " "
                + tRequest + "/" + tQueue + "/" + tConnect + "/" + tResponse + "/" + sofar(tTotal) + " " + status
                + " " + sofar(bytesRead) + " - - " + termination + cookieFlags + " " + counts()
                + (requestCaptures == null ? "" : " " + requestCaptures)
                + (responseCaptures == null ? "" : " " + responseCaptures) + " \"" + requestLine + "\"";
    }

    /** {@code %ci:%cp [%t] %ft %b/%s %Tw/%Tc/%Tt %B %ts %ac/%fc/%bc/%sc/%rc %sq/%bq}. */
    public String tcpLine() {
        return clientIp + ":" + clientPort + " [" + date() + "] " + frontend + " " + backend + "/" + server + " "
                + tQueue + "/" + tConnect + "/" + sofar(tTotal) + " " + sofar(bytesRead) + " " + termination + " "
                + counts();
    }

    /** A total of an early ({@code logasap}) line: {@code +N}. */
    public String sofar(long v) {
        return early ? "+" + v : String.valueOf(v);
    }
}
