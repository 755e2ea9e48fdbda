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
 * {@code log 127.0.0.1 local0} or {@code log /dev/log local0}: RFC 3164 messages over UDP or a unix
 * datagram socket, as HAProxy sends them ({@code <134>Nov 21 20:35:00 hapair-proxy[123]: ...}). Sends
 * never block: a full socket buffer or an absent syslog daemon drops the line instead of stalling the
 * event loop.
 */
public final class SyslogLogSink implements LogSink {

    /** Where the datagrams go. */
    public interface Destination extends AutoCloseable {
        void send(ByteBuffer datagram) throws IOException;

        /** One formatted line; encoded to a datagram unless the destination takes text as it is. */
        default void sendLine(String line) throws IOException {
            send(ByteBuffer.wrap(line.getBytes(StandardCharsets.UTF_8)));
        }

        @Override
        void close();

        /** A stream (stdout/stderr) written by {@code sink}'s background thread, one line per datagram. */
        static Destination lines(StreamLogSink sink) {
            return new Destination() {
                @Override
                public void send(ByteBuffer datagram) {
                    sink.log(0, StandardCharsets.UTF_8.decode(datagram).toString());
                }

                @Override
                public void sendLine(String line) {
                    // stdout/stderr: no encoding round trip per line on the event loop
                    sink.log(0, line);
                }

                @Override
                public void close() {
                    sink.close();
                }
            };
        }

        /** A UDP syslog server. */
        static Destination udp(InetSocketAddress target) throws IOException {
            DatagramChannel channel = DatagramChannel.open();
            channel.configureBlocking(false);
            return new Destination() {
                @Override
                public void send(ByteBuffer datagram) throws IOException {
                    synchronized (channel) {
                        channel.send(datagram, target);
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
            };
        }

        /**
         * A unix datagram socket such as {@code /dev/log}, addressed on every send (so after a chroot the
         * path is looked up inside it, as HAProxy's is).
         */
        static Destination unix(String path) throws IOException {
            return new UnixDatagramSender(path);
        }
    }

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("MMM ppd HH:mm:ss", Locale.ENGLISH);

    /** {@code log ... format rfc3164|raw}. */
    public enum Format {
        RFC3164,
        RAW
    }

    private final Destination destination;
    private Format format = Format.RFC3164;
    private final int facility;
    private final int maxSeverity;
    private final int minSeverity;
    private final String tag;
    private final Supplier<ZonedDateTime> clock;
    private int maxLength = Integer.MAX_VALUE;

    /**
     * @param facility    syslog facility number (local0 = 16)
     * @param maxSeverity lines with a larger (less important) severity are not sent
     */
    public SyslogLogSink(
            Destination destination, int facility, int maxSeverity, String tag, Supplier<ZonedDateTime> clock) {
        this(destination, facility, maxSeverity, 0, tag, clock);
    }

    /**
     * @param minSeverity {@code log ... <level> <minlevel>}: more severe lines are sent at this severity
     *                    (HAProxy caps them so that "emerg" does not reach every terminal); 0 = no cap
     */
    public SyslogLogSink(
            Destination destination,
            int facility,
            int maxSeverity,
            int minSeverity,
            String tag,
            Supplier<ZonedDateTime> clock) {
        this.destination = destination;
        this.facility = facility;
        this.maxSeverity = maxSeverity;
        this.minSeverity = minSeverity;
        this.tag = tag;
        this.clock = clock;
        format(6, "warm-up"); // the first line of a cold JVM formats slowly: at start, not in an exchange
        // likewise the traffic lines (date formatters, zone rules), so the lines of two early exchanges on two
        // event loops keep their order; only where a log target exists (every sink is one of these), so a process
        // that logs nothing never loads the JDK's locale data and time-zone rules for them
        TrafficLogEntry.warmUp();
    }

    /** Facility number of a syslog facility name (kern, user, ..., local0..local7). */
    public static int facility(String name) {
        String[] names = {
            "kern", "user", "mail", "daemon", "auth", "syslog", "lpr", "news", "uucp", "cron", "auth2", "ftp", "ntp",
            "audit", "alert", "cron2", "local0", "local1", "local2", "local3", "local4", "local5", "local6", "local7"
        };
        for (int i = 0; i < names.length; i++) if (names[i].equals(name)) return i;
        throw new IllegalArgumentException("unknown syslog facility '" + name + "'");
    }

    /** Severity number of a level name (emerg=0 .. debug=7). */
    public static int severity(String name) {
        String[] names = {"emerg", "alert", "crit", "err", "warning", "notice", "info", "debug"};
        for (int i = 0; i < names.length; i++) if (names[i].equals(name)) return i;
        throw new IllegalArgumentException("unknown syslog level '" + name + "'");
    }

    /** {@code log ... len N}: a datagram longer than {@code max} bytes is cut to {@code max} bytes, as HAProxy does. */
    public SyslogLogSink withMaxLength(int max) {
        if (max < 1) throw new IllegalArgumentException("max length " + max);
        this.maxLength = max;
        return this;
    }

    /** {@code format raw}: the line alone, without priority, date or tag. */
    public SyslogLogSink withFormat(Format f) {
        this.format = f;
        return this;
    }

    /** The datagram payload for {@code line}. */
    public String format(int severity, String line) {
        if (format == Format.RAW) return line;
        return "<" + (facility * 8 + severity) + ">" + STAMP.format(clock.get()) + " " + tag + ": " + line;
    }

    @Override
    public void log(int severity, String line) {
        if (severity > maxSeverity) return;
        String message = format(Math.max(severity, minSeverity), line);
        try {
            if (maxLength == Integer.MAX_VALUE) {
                destination.sendLine(message);
            } else {
                // 'log ... len N': the datagram is cut to N bytes, as HAProxy does
                byte[] bytes = message.getBytes(StandardCharsets.UTF_8);
                destination.send(ByteBuffer.wrap(bytes, 0, Math.min(bytes.length, maxLength)));
            }
        } catch (IOException e) {
            // A missing syslog daemon must never disturb traffic: the line is lost, like HAProxy's.
        }
    }

    @Override
    public void close() {
        destination.close();
    }
}
