package dev.hapair.vrrp.runtime;

import java.io.PrintStream;
import java.nio.file.Files;

/**
 * slf4j-simple set up for a daemon before the first logger exists: timestamps, level, no thread names,
 * {@code -D} adds debug detail. Where lines go follows keepalived: to syslog (the local socket, facility
 * daemon or {@code -S}, tag {@code hapair-vrrp}, or {@code Keepalived_vrrp} when the process runs under
 * keepalived's name) unless {@code -G}; to the console (stdout) with {@code -l}; to stderr when neither
 * syslog nor {@code -l} would show them (no syslog socket, or {@code -G}) or stderr is a terminal, so a line is
 * never lost. Under systemd the syslog socket is journald's.
 */
final class DaemonLogging {
    private DaemonLogging() {}

    static void configure(boolean console, boolean detail) {
        configure(console, detail, SyslogOptions.DEFAULT.disabled());
    }

    static void configure(boolean console, boolean detail, SyslogOptions syslog) {
        setIfAbsent("org.slf4j.simpleLogger.defaultLogLevel", detail ? "debug" : "info");
        setIfAbsent("org.slf4j.simpleLogger.showDateTime", "true");
        setIfAbsent("org.slf4j.simpleLogger.dateTimeFormat", "yyyy-MM-dd HH:mm:ss.SSS");
        setIfAbsent("org.slf4j.simpleLogger.showThreadName", "false");
        setIfAbsent("org.slf4j.simpleLogger.showShortLogName", "false");
        setIfAbsent("org.slf4j.simpleLogger.showLogName", "false");
        setIfAbsent("org.slf4j.simpleLogger.levelInBrackets", "true");
        if (syslog.enabled() && Files.exists(syslog.socket())) {
            // without -l the console still gets the lines when a person is watching it (a terminal)
            PrintStream shown = console ? System.out : System.console() != null ? System.err : null;
            PrintStream tee = SyslogTee.wrap(shown, syslog, tag());
            if (tee != null) {
                // slf4j-simple writes to System.err: the tee sends each line on
                System.setErr(tee);
                setIfAbsent("org.slf4j.simpleLogger.logFile", "System.err");
                return;
            }
        }
        if (console) {
            setIfAbsent("org.slf4j.simpleLogger.logFile", "System.out");
        }
    }

    /** keepalived's VRRP process logs as {@code Keepalived_vrrp}; drop-in hosts' log rules keep matching. */
    static String tag() {
        return "keepalived".equals(System.getProperty("hapair.process.name")) ? "Keepalived_vrrp" : "hapair-vrrp";
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }
}
