package dev.hapair.proxy.config;

import java.util.EnumSet;
import java.util.Set;

/** Where a proxy keyword may appear, as in HAProxy's keyword matrix (defaults / frontend / backend). */
enum Capability {
    DEFAULTS,
    FRONTEND,
    BACKEND;

    static final Set<Capability> ALL = EnumSet.allOf(Capability.class);
    static final Set<Capability> DF = EnumSet.of(DEFAULTS, FRONTEND);
    static final Set<Capability> DB = EnumSet.of(DEFAULTS, BACKEND);
    static final Set<Capability> FB = EnumSet.of(FRONTEND, BACKEND);
    static final Set<Capability> F = EnumSet.of(FRONTEND);
    static final Set<Capability> B = EnumSet.of(BACKEND);
}
