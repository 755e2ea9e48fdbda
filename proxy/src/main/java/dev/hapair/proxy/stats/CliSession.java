package dev.hapair.proxy.stats;

import dev.hapair.proxy.config.StatsLevel;

/**
 * One runtime API connection: its access level ({@code stats socket ... level}), whether it is in
 * interactive {@code prompt} mode, and the transport object (the Netty channel, for commands that pass
 * file descriptors such as the {@code expose-fd listeners} handover; null in tests).
 */
public final class CliSession {
    private final StatsLevel level;
    private final boolean exposeFdListeners;
    private final Object transport;
    private boolean interactive;
    private boolean quit;
    private boolean experimental;
    private String payload;

    public CliSession(StatsLevel level, boolean exposeFdListeners, Object transport) {
        this.level = level;
        this.exposeFdListeners = exposeFdListeners;
        this.transport = transport;
    }

    public StatsLevel level() {
        return level;
    }

    /** The socket was declared with {@code expose-fd listeners}. */
    public boolean exposeFdListeners() {
        return exposeFdListeners;
    }

    /** The connection's channel ({@code io.netty.channel.Channel}), or null. */
    public Object transport() {
        return transport;
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

    /**
     * The payload of the command being run: the lines after a command line ending with {@code <<}, up to an
     * empty line ({@code add map <map> <<}); null when the command has none.
     */
    public String payload() {
        return payload;
    }

    void payload(String p) {
        payload = p;
    }

    /** {@code experimental-mode on}: this connection may run experimental commands ({@code set var}). */
    public boolean experimental() {
        return experimental;
    }

    public void experimental(boolean on) {
        experimental = on;
    }
}
