package dev.hapair.proxy.config;

/** {@code verify none|optional|required} on a bind: whether a client certificate is requested and needed. */
public enum VerifyMode {
    NONE,
    OPTIONAL,
    REQUIRED
}
