package dev.hapair.vrrp.runtime;

/**
 * slf4j-simple set up for a daemon before the first logger exists: timestamps, level, no thread names;
 * {@code -l} logs to stdout (the console) instead of stderr, {@code -D} adds debug detail. Both streams
 * reach the journal under systemd.
 */
final class DaemonLogging {
    private DaemonLogging() {}

    static void configure(boolean console, boolean detail) {
        setIfAbsent("org.slf4j.simpleLogger.defaultLogLevel", detail ? "debug" : "info");
        setIfAbsent("org.slf4j.simpleLogger.showDateTime", "true");
        setIfAbsent("org.slf4j.simpleLogger.dateTimeFormat", "yyyy-MM-dd HH:mm:ss.SSS");
        setIfAbsent("org.slf4j.simpleLogger.showThreadName", "false");
        setIfAbsent("org.slf4j.simpleLogger.showShortLogName", "false");
        setIfAbsent("org.slf4j.simpleLogger.showLogName", "false");
        setIfAbsent("org.slf4j.simpleLogger.levelInBrackets", "true");
        if (console) {
            setIfAbsent("org.slf4j.simpleLogger.logFile", "System.out");
        }
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }
}
