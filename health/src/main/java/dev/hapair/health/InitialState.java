package dev.hapair.health;

/**
 * Where a new check starts, after HAProxy's {@code init-state} server keyword (HAProxy 3.1+).
 * HAProxy's default, and ours, is {@link #UP}.
 */
public enum InitialState {
    /** Considered UP with full health: {@code fall} consecutive failures are needed to go DOWN. */
    FULLY_UP("fully-up"),
    /**
     * Considered UP, but with health at the rise threshold (HAProxy's historic behaviour): the very first
     * failure marks it DOWN, while a success promotes it to full health.
     */
    UP("up"),
    /** Considered DOWN, one step below the rise threshold: the first success marks it UP. */
    DOWN("down"),
    /** Considered DOWN with zero health: {@code rise} consecutive successes are needed to go UP. */
    FULLY_DOWN("fully-down");

    private final String keyword;

    InitialState(String keyword) {
        this.keyword = keyword;
    }

    /** The value as written after {@code init-state} in haproxy.cfg. */
    public String keyword() {
        return keyword;
    }

    /** Parses an {@code init-state} value; throws IllegalArgumentException naming the allowed values. */
    public static InitialState fromKeyword(String s) {
        for (InitialState st : values()) {
            if (st.keyword.equals(s)) {
                return st;
            }
        }
        throw new IllegalArgumentException(
                "unknown init-state '" + s + "' (expected fully-up, up, down or fully-down)");
    }
}
