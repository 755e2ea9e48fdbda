package dev.hapair.proxy.backend;

/** Which traffic log line a frontend emits: none, {@code option tcplog}, {@code option httplog}. */
public enum LogFormat {
    NONE,
    TCPLOG,
    HTTPLOG
}
