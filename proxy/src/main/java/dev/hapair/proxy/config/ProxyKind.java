package dev.hapair.proxy.config;

/** The section a proxy was declared with. A {@code listen} is both a frontend and a backend. */
public enum ProxyKind {
    FRONTEND(true, false),
    BACKEND(false, true),
    LISTEN(true, true);

    private final boolean frontend;
    private final boolean backend;

    ProxyKind(boolean frontend, boolean backend) {
        this.frontend = frontend;
        this.backend = backend;
    }

    public boolean isFrontend() {
        return frontend;
    }

    public boolean isBackend() {
        return backend;
    }

    public String keyword() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
