package dev.hapair.vrrp.config;

/**
 * How {@code vrrp_track_process} compares command-line parameters: EXACT (the default when parameters are
 * given, or no parameters at all when {@code param_match} is given alone), PARTIAL (the first n parameters
 * match), INITIAL (as PARTIAL, and the last configured one may be a prefix), NONE (no parameters written:
 * only the process name is compared).
 */
public enum ParamMatch {
    NONE,
    EXACT,
    PARTIAL,
    INITIAL
}
