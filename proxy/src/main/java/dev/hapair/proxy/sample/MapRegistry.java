package dev.hapair.proxy.sample;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The map files of one running configuration, by path: every {@code map()} converter naming a file shares
 * its one {@link MapFile}, which the runtime API edits. Loaded while the configuration is compiled.
 */
public final class MapRegistry {

    private final SampleEnv.Files files;
    private final Map<String, MapFile> maps = new LinkedHashMap<>();

    public MapRegistry(SampleEnv.Files files) {
        this.files = files;
    }

    /** The map at {@code path}, read on first use. */
    public synchronized MapFile load(String path) throws IOException {
        MapFile m = maps.get(path);
        if (m == null) {
            m = new MapFile(path, maps.size(), List.of());
            m.replace(files.lines(path));
            maps.put(path, m);
        }
        return m;
    }

    /** A map by path or by {@code #id}, or null. */
    public synchronized MapFile find(String nameOrId) {
        if (nameOrId.startsWith("#")) {
            for (MapFile m : maps.values()) {
                if (("#" + m.uniqueId()).equals(nameOrId)) {
                    return m;
                }
            }
            return null;
        }
        return maps.get(nameOrId);
    }

    public synchronized List<MapFile> all() {
        return new ArrayList<>(maps.values());
    }
}
