package dev.hapair.proxy.stats;

import dev.hapair.proxy.backend.AdminFlag;
import dev.hapair.proxy.backend.ServerRuntime;

/**
 * Operator actions on one server, shared by the stats page form and the runtime API so both mean
 * exactly the same thing: {@code ready} clears MAINT and DRAIN, {@code drain} keeps the server for
 * persisted sessions only (weight 0), {@code maint} takes it out of traffic entirely.
 */
public final class ServerControl {
    public enum State {
        READY,
        DRAIN,
        MAINT;

        /** Parses {@code ready|drain|maint} (case-insensitive), or null. */
        public static State parse(String s) {
            return switch (s.toLowerCase(java.util.Locale.ROOT)) {
                case "ready" -> READY;
                case "drain" -> DRAIN;
                case "maint" -> MAINT;
                default -> null;
            };
        }
    }

    private ServerControl() {}

    public static void setState(ServerRuntime s, State state) {
        switch (state) {
            case READY -> {
                s.setAdmin(AdminFlag.DRAIN, false);
                s.setAdmin(AdminFlag.MAINT, false);
            }
            case DRAIN -> {
                s.setAdmin(AdminFlag.DRAIN, true);
                s.setAdmin(AdminFlag.MAINT, false);
            }
            case MAINT -> {
                s.setAdmin(AdminFlag.MAINT, true);
                s.setAdmin(AdminFlag.DRAIN, false);
            }
        }
    }

    /**
     * {@code set weight} semantics: {@code N} absolute, {@code N%} relative to the configured weight.
     * Returns null on success, else HAProxy's error text.
     */
    public static String setWeight(ServerRuntime s, String arg) {
        boolean relative = arg.endsWith("%");
        String digits = relative ? arg.substring(0, arg.length() - 1) : arg;
        int v;
        try {
            v = Integer.parseInt(digits);
        } catch (NumberFormatException e) {
            return "Require <weight> or <weight%>.\n";
        }
        if (v < 0) return "Weight must be positive.\n";
        int w = relative ? (int) Math.round(s.options().weight() * v / 100.0) : v;
        if (w > 256) return "Absolute weight can only be between 0 and 256 inclusive.\n";
        s.setWeight(w);
        return null;
    }
}
