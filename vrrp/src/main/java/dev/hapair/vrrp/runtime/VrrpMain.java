package dev.hapair.vrrp.runtime;

/** Entry point of hapair-vrrp (placeholder until the daemon lands). */
public final class VrrpMain {
    private VrrpMain() {}

    public static void main(String[] args) {
        System.err.println("hapair-vrrp: not built yet");
        System.exit(2);
    }
}
