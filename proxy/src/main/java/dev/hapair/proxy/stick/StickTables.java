package dev.hapair.proxy.stick;

import dev.hapair.proxy.config.HaproxyConfig;
import dev.hapair.proxy.config.ProxyConfig;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/** The stick tables of one running configuration, by proxy name. Entries are allocated on use only. */
public final class StickTables {
    public static final StickTables NONE = new StickTables(Map.of());

    /** Milliseconds of a monotonic clock. */
    public static final LongSupplier CLOCK = () -> System.nanoTime() / 1_000_000L;

    private final Map<String, StickTable> tables;

    private StickTables(Map<String, StickTable> tables) {
        this.tables = Collections.unmodifiableMap(new LinkedHashMap<>(tables));
    }

    public static StickTables of(HaproxyConfig config, LongSupplier clock) {
        Map<String, StickTable> m = new LinkedHashMap<>();
        for (ProxyConfig p : config.proxies()) {
            p.stickTable().ifPresent(c -> m.put(p.name(), new StickTable(p.name(), c, clock)));
        }
        return m.isEmpty() ? NONE : new StickTables(m);
    }

    /** The table declared in proxy {@code name}, or null. */
    public StickTable get(String name) {
        return tables.get(name);
    }

    public Collection<StickTable> all() {
        return tables.values();
    }
}
