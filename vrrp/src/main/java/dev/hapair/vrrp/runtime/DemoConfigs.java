package dev.hapair.vrrp.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * The keepalived.conf files embedded for the namespace demo ({@code bin/hapair-demo}): {@code lb1} is MASTER
 * at priority 101, {@code lb2} BACKUP at 100; both on eth0, VRID 51, VIP 10.213.0.100/24, tracking the local
 * proxy through {@code /run/hapair-demo/lbN/hapair-proxy.pid} with weight 0 (proxy dead = FAULT).
 */
public final class DemoConfigs {
    public static final List<String> NAMES = List.of("lb1", "lb2");

    private DemoConfigs() {}

    /** The resource path of a demo config, e.g. {@code demo/keepalived-lb1.conf}. */
    public static String resource(String name) {
        return "demo/keepalived-" + name + ".conf";
    }

    /** The text of the demo config, empty for an unknown name. */
    public static Optional<String> text(String name) {
        if (!NAMES.contains(name)) {
            return Optional.empty();
        }
        try (InputStream in = DemoConfigs.class.getClassLoader().getResourceAsStream(resource(name))) {
            if (in == null) {
                return Optional.empty();
            }
            return Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** A config source reading the embedded file; its diagnostics name {@code demo/keepalived-lb1.conf}. */
    public static Optional<ConfigSource> source(String name) {
        return text(name).map(t -> ConfigSource.text(resource(name), t));
    }
}
