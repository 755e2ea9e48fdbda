package dev.hapair.proxy.log;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * {@code log 127.0.0.1 local0}: RFC 3164 messages over UDP, as HAProxy sends them
 * ({@code <134>Nov 21 20:35:00 hapair-proxy[123]: ...}). The socket is non-blocking: a full send buffer
 * drops the line instead of stalling the event loop.
 */
public final class SyslogUdpLogSink implements LogSink {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("MMM ppd HH:mm:ss", Locale.ENGLISH);

    private final DatagramChannel channel;
    private final InetSocketAddress target;
    private final int facility;
    private final int maxSeverity;
    private final int minSeverity;
    private final String tag;
    private final Supplier<ZonedDateTime> clock;

    /**
     * @param facility    syslog facility number (local0 = 16)
     * @param maxSeverity lines with a larger (less important) severity are not sent
     */
    public SyslogUdpLogSink(InetSocketAddress target, int facility, int maxSeverity, String tag,
                            Supplier<ZonedDateTime> clock) throws IOException {
        this(target, facility, maxSeverity, 0, tag, clock);
    }

    /**
     * @param minSeverity {@code log ... <level> <minlevel>}: more severe lines are sent at this severity
     *                    (HAProxy caps them so that "emerg" does not reach every terminal); 0 = no cap
     */
    public SyslogUdpLogSink(InetSocketAddress target, int facility, int maxSeverity, int minSeverity, String tag,
                            Supplier<ZonedDateTime> clock) throws IOException {
        this.channel = DatagramChannel.open();
        this.channel.configureBlocking(false);
        this.target = target;
        this.facility = facility;
        this.maxSeverity = maxSeverity;
        this.minSeverity = minSeverity;
        this.tag = tag;
        this.clock = clock;
    }

    /** Facility number of a syslog facility name (kern, user, ..., local0..local7). */
    public static int facility(String name) {
        String[] names = {"kern", "user", "mail", "daemon", "auth", "syslog", "lpr", "news", "uucp", "cron",
            "auth2", "ftp", "ntp", "audit", "alert", "cron2", "local0", "local1", "local2", "local3", "local4",
            "local5", "local6", "local7"};
        for (int i = 0; i < names.length; i++) if (names[i].equals(name)) return i;
        throw new IllegalArgumentException("unknown syslog facility '" + name + "'");
    }

    /** Severity number of a level name (emerg=0 .. debug=7). */
    public static int severity(String name) {
        String[] names = {"emerg", "alert", "crit", "err", "warning", "notice", "info", "debug"};
        for (int i = 0; i < names.length; i++) if (names[i].equals(name)) return i;
        throw new IllegalArgumentException("unknown syslog level '" + name + "'");
    }

    /** The datagram payload for {@code line}. */
    public String format(int severity, String line) {
        return "<" + (facility * 8 + severity) + ">" + STAMP.format(clock.get()) + " " + tag + ": " + line;
    }

    @Override
    public void log(int severity, String line) {
        if (severity > maxSeverity) return;
        ByteBuffer b = ByteBuffer.wrap(format(Math.max(severity, minSeverity), line).getBytes(StandardCharsets.UTF_8));
        try {
            synchronized (channel) {
                channel.send(b, target);
            }
        } catch (IOException e) {
            // A missing syslog daemon must never disturb traffic: the line is lost, like HAProxy's.
        }
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // closing a datagram socket cannot lose anything worth reporting
        }
    }
}
