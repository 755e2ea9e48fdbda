package dev.hapair.health.probe;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Which HTTP statuses pass an HTTP check: {@code http-check expect status <codes>} (a list of codes and
 * ranges such as {@code 200,301-308}), {@code http-check expect rstatus <regex>}, or HAProxy's default
 * (any 2xx or 3xx).
 */
public final class StatusExpectation {

    private final List<int[]> ranges;
    private final Pattern regex;
    private final String text;

    private static final StatusExpectation DEFAULT =
            new StatusExpectation(List.of(new int[] {200, 399}), null, "default 2xx/3xx");

    private StatusExpectation(List<int[]> ranges, Pattern regex, String text) {
        this.ranges = ranges;
        this.regex = regex;
        this.text = text;
    }

    /** HAProxy's default when no {@code http-check expect} is configured: 2xx and 3xx pass. */
    public static StatusExpectation defaults() {
        return DEFAULT;
    }

    /**
     * True for the implicit default: HAProxy applies it only when no {@code http-check expect} rule is
     * configured, so a body rule alone does not also require 2xx/3xx.
     */
    public boolean isDefault() {
        return this == DEFAULT;
    }

    /** {@code http-check expect status 200} etc. */
    public static StatusExpectation exactly(int... codes) {
        List<int[]> r = new ArrayList<>();
        StringBuilder sb = new StringBuilder("status ");
        for (int c : codes) {
            r.add(new int[] {c, c});
            sb.append(sb.length() > 7 ? "," : "").append(c);
        }
        return new StatusExpectation(List.copyOf(r), null, sb.toString());
    }

    /**
     * Parses the argument of {@code http-check expect status}: comma-separated codes or {@code a-b} ranges.
     * Throws IllegalArgumentException with the offending token.
     */
    public static StatusExpectation parseStatus(String spec) {
        Objects.requireNonNull(spec, "spec");
        List<int[]> r = new ArrayList<>();
        for (String tok : spec.split(",")) {
            String t = tok.trim();
            try {
                int dash = t.indexOf('-');
                int lo = Integer.parseInt(dash < 0 ? t : t.substring(0, dash).trim());
                int hi = dash < 0 ? lo : Integer.parseInt(t.substring(dash + 1).trim());
                if (lo < 100 || hi > 999 || lo > hi) {
                    throw new NumberFormatException();
                }
                r.add(new int[] {lo, hi});
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("invalid HTTP status or range '" + t + "' in '" + spec + "'");
            }
        }
        return new StatusExpectation(List.copyOf(r), null, "status " + spec);
    }

    /** {@code http-check expect rstatus <regex>}; matched with find() against the 3-digit code. */
    public static StatusExpectation regex(String regex) {
        return new StatusExpectation(List.of(), Pattern.compile(regex), "rstatus " + regex);
    }

    public boolean matches(int status) {
        if (regex != null) {
            return regex.matcher(Integer.toString(status)).find();
        }
        for (int[] r : ranges) {
            if (status >= r[0] && status <= r[1]) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return text;
    }
}
