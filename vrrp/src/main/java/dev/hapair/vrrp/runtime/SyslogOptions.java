package dev.hapair.vrrp.runtime;

import java.nio.file.Path;
import java.util.Locale;

/**
 * Where hapair-vrrp's log lines go besides the console, with keepalived's options: syslog is on unless
 * {@code -G} ({@code --no-syslog}); {@code -S} ({@code --log-facility}) picks {@code local0..7} (as a digit or a
 * name), {@code user} or {@code daemon} (the default, as keepalived's). The socket is {@code /dev/log} unless
 * hapair's own {@code --syslog-socket PATH} names another (tests, chroots).
 *
 * @param enabled  false with {@code -G}
 * @param facility the syslog facility code (daemon = 3, local0 = 16 ...)
 * @param socket   the local syslog socket
 */
public record SyslogOptions(boolean enabled, int facility, Path socket) {
    public static final int DAEMON = 3;
    public static final Path DEV_LOG = Path.of("/dev/log");
    public static final SyslogOptions DEFAULT = new SyslogOptions(true, DAEMON, DEV_LOG);

    /** keepalived's {@code -S} argument: {@code 0-7}, {@code local0-7}, {@code user}, {@code daemon}; else null. */
    public static Integer facility(String arg) {
        String a = arg.toLowerCase(Locale.ROOT);
        if (a.equals("user")) return 1;
        if (a.equals("daemon")) return DAEMON;
        if (a.startsWith("local")) a = a.substring(5);
        if (a.length() == 1 && a.charAt(0) >= '0' && a.charAt(0) <= '7') return 16 + (a.charAt(0) - '0');
        return null;
    }

    SyslogOptions withFacility(int f) {
        return new SyslogOptions(enabled, f, socket);
    }

    SyslogOptions disabled() {
        return new SyslogOptions(false, facility, socket);
    }

    SyslogOptions at(Path s) {
        return new SyslogOptions(enabled, facility, s);
    }
}
