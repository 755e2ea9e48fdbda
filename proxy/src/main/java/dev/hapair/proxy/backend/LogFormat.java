package dev.hapair.proxy.backend;

/**
 * Which traffic log lines a frontend emits: none, one per TCP connection (mode tcp: {@code option tcplog} or the
 * log-format), one per HTTP stream (mode http: {@code option httplog}, or the rules' log format, which also
 * carries {@code option tcplog}'s and {@code option httpslog}'s formats there).
 */
public enum LogFormat {
    NONE,
    TCPLOG,
    HTTPLOG
}
