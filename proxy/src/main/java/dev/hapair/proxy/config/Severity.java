package dev.hapair.proxy.config;

/** Diagnostic severity, named as HAProxy prints them. */
public enum Severity {
    WARNING,
    ALERT
}
