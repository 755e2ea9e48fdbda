package dev.hapair.proxy.stats;

import dev.hapair.proxy.config.StatsLevel;

/**
 * One runtime API connection: its access level ({@code stats socket ... level}), whether it is in
 * interactive {@code prompt} mode, and the transport object (the Netty channel, for commands that pass
 * file descriptors such as the {@code expose-fd listeners} handover; null in tests).
 */
public final class CliSession {
    private StatsLevel level;
    private final boolean exposeFdListeners;
    private final Object transport;
    private boolean interactive;
    private boolean quit;
    private String payload;
    private StringBuilder pending;
    private String pendingCommand;
    private boolean experimental;

    public CliSession(StatsLevel level, boolean exposeFdListeners, Object transport) {
        this.level = level;
        this.exposeFdListeners = exposeFdListeners;
        this.transport = transport;
    }

    public StatsLevel level() {
        return level;
    }

    /** {@code operator} / {@code user}: the session's level, only ever lowered (the caller checks). */
    void level(StatsLevel lowered) {
        this.level = lowered;
    }

    private boolean expert;

    /** {@code expert-mode on}: HAProxy's flag for expert commands (hapair has none that need it). */
    public boolean expert() {
        return expert;
    }

    void expert(boolean on) {
        expert = on;
    }

    /** The socket was declared with {@code expose-fd listeners}. */
    public boolean exposeFdListeners() {
        return exposeFdListeners;
    }

    /** The connection's channel ({@code io.netty.channel.Channel}), or null. */
    public Object transport() {
        return transport;
    }

    /**
     * The payload of the command being run ({@code <command> <<} followed by lines up to an empty line, as
     * HAProxy's CLI reads it), or null.
     */
    public String payload() {
        return payload;
    }

    void payload(String p) {
        this.payload = p;
    }

    /**
     * Collects a payload: {@code line} either starts one (a command ending with {@code <<}), adds to the one
     * being read, or ends it (an empty line). Returns the command to run with {@link #payload()} set, or null
     * while the payload goes on; a line outside any payload comes back unchanged.
     */
    String collect(String line, int maxPayload) {
        if (pending != null) {
            if (!line.isEmpty()) {
                if (pending.length() + line.length() + 1 > maxPayload) {
                    pending = null;
                    payload = null;
                    return "\u0000payload too large";
                }
                pending.append(line).append('\n');
                return null;
            }
            payload = pending.toString();
            pending = null;
            return pendingCommand;
        }
        payload = null;
        String t = line.stripTrailing();
        if (t.endsWith("<<")) {
            pendingCommand = t.substring(0, t.length() - 2).stripTrailing();
            pending = new StringBuilder();
            return null;
        }
        return line;
    }

    public boolean interactive() {
        return interactive;
    }

    void interactive(boolean on) {
        interactive = on;
    }

    public boolean quit() {
        return quit;
    }

    void quit(boolean q) {
        quit = q;
    }

    /** {@code experimental-mode on}: this connection may run experimental commands ({@code set var}). */
    public boolean experimental() {
        return experimental;
    }

    public void experimental(boolean on) {
        experimental = on;
    }
}
