package dev.hapair.vrrp.runtime;

import dev.hapair.common.net.UnixDatagramSocket;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Sends every line the daemon logs to the local syslog socket as keepalived does ({@code syslog(3)}: {@code
 * <PRI>Mmm dd hh:mm:ss TAG[PID]: message}), and to the console when one is wanted. It sits under slf4j-simple's
 * output stream: a line's level ({@code [INFO]}, {@code [WARN]}...) becomes the syslog severity and its own
 * time stamp is dropped (syslog adds one); other lines (a stack trace) keep the severity of the line before.
 * A missing or full syslog socket loses the line there, never blocks the daemon.
 */
final class SyslogTee extends OutputStream {
    private static final Pattern LINE = Pattern.compile(
            "\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{3} \\[(TRACE|DEBUG|INFO|WARN|ERROR)\\] (.*)");
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("MMM ppd HH:mm:ss", Locale.ENGLISH);
    /** syslog severities. */
    static final int ERR = 3, WARNING = 4, INFO = 6, DEBUG = 7;
    /** Longest line sent; the rest is cut as syslog(3) would. */
    private static final int MAX_LINE = 8192;

    private final PrintStream console;
    private final UnixDatagramSocket socket;
    private final byte[] address;
    private final int facility;
    private final String tag;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream(256);
    private int severity = INFO;

    /** @param console where lines also go, or null for syslog only */
    SyslogTee(PrintStream console, UnixDatagramSocket socket, String socketPath, int facility, String tag) {
        this.console = console;
        this.socket = socket;
        this.address = UnixDatagramSocket.address(socketPath);
        this.facility = facility;
        this.tag = tag;
    }

    /** One console line as syslog receives it: severity and message, or null for a blank line. */
    record Entry(int severity, String message) {}

    static Entry parse(String text, int previousSeverity) {
        if (text.isBlank()) return null;
        Matcher m = LINE.matcher(text);
        if (!m.matches()) return new Entry(previousSeverity, text);
        int sev =
                switch (m.group(1)) {
                    case "ERROR" -> ERR;
                    case "WARN" -> WARNING;
                    case "INFO" -> INFO;
                    default -> DEBUG;
                };
        return new Entry(sev, m.group(2));
    }

    /** {@code <PRI>Mmm dd hh:mm:ss TAG[PID]: message}, as glibc's syslog(3) writes to {@code /dev/log}. */
    static String datagram(int facility, Entry e, LocalDateTime now, String tag, long pid) {
        return "<" + (facility * 8 + e.severity()) + ">" + STAMP.format(now) + " " + tag + "[" + pid + "]: "
                + e.message();
    }

    @Override
    public synchronized void write(int b) {
        if (console != null) console.write(b);
        if (b == '\n') {
            flushLine();
        } else if (line.size() < MAX_LINE) {
            line.write(b);
        }
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) {
        for (int i = off; i < off + len; i++) write(b[i]);
    }

    @Override
    public synchronized void flush() {
        if (console != null) console.flush();
    }

    private void flushLine() {
        String text = line.toString(StandardCharsets.UTF_8);
        line.reset();
        if (text.endsWith("\r")) text = text.substring(0, text.length() - 1);
        Entry e = parse(text, severity);
        if (e == null) return;
        severity = e.severity();
        byte[] d = datagram(
                        facility,
                        e,
                        LocalDateTime.now(),
                        tag,
                        ProcessHandle.current().pid())
                .getBytes(StandardCharsets.UTF_8);
        try {
            socket.send(address, d, d.length);
        } catch (IOException lost) {
            // no syslog daemon (or its queue is full): the console, if any, still has the line
        }
    }

    /** Wraps {@code console} (null: none) so that each line also goes to syslog; null when the socket cannot open. */
    static PrintStream wrap(PrintStream console, SyslogOptions options, String tag) {
        try {
            UnixDatagramSocket socket = UnixDatagramSocket.open();
            return new PrintStream(
                    new SyslogTee(console, socket, options.socket().toString(), options.facility(), tag),
                    true,
                    StandardCharsets.UTF_8);
        } catch (IOException | IllegalArgumentException e) {
            return null;
        }
    }
}
