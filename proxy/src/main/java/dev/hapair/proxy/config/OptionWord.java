package dev.hapair.proxy.config;

/** Context of a server/bind option handler: the option's value (or "" for flags) and the line. */
record OptionWord<B>(B target, String value, ConfigLine line) {}
