package dev.hapair.proxy.config;

/** The section a line belongs to. */
enum SectionKind {
    NONE,
    GLOBAL,
    DEFAULTS,
    FRONTEND,
    BACKEND,
    LISTEN,
    UNSUPPORTED
}
