package dev.hapair.proxy.runtime;

/** Entry point of hapair-proxy (placeholder until the proxy core lands). */
public final class ProxyMain {
    private ProxyMain() {}

    public static void main(String[] args) {
        System.err.println("hapair-proxy: not built yet");
        System.exit(2);
    }
}
