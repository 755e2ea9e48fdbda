package dev.hapair.proxy.sample;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The pattern references of one running configuration, which the runtime API edits: map files by path
 * (every {@code map()} converter naming a file shares its one {@link MapFile}) and acl pattern sets (one per
 * {@code -f FILE}, shared by the acl lines naming it, and one per acl line for its inline patterns). Maps and
 * acls share one unique-id sequence, as HAProxy numbers them for {@code show map}/{@code show acl}. A file is
 * either a map (two columns) or an acl pattern file (one column), never both, as in HAProxy. Loaded while the
 * configuration is compiled.
 */
public final class MapRegistry {

    private final SampleEnv.Files files;
    private final Map<String, MapFile> maps = new LinkedHashMap<>();
    private final Map<String, PatternRef> aclFiles = new LinkedHashMap<>();
    private final List<PatternRef> acls = new ArrayList<>();
    private final AtomicLong entryIds = new AtomicLong();
    private int nextUniqueId;

    public MapRegistry(SampleEnv.Files files) {
        this.files = files;
    }

    /** The map at {@code path}, read on first use. */
    public synchronized MapFile load(String path) throws IOException {
        MapFile m = maps.get(path);
        if (m == null) {
            if (aclFiles.containsKey(path)) {
                throw new IllegalArgumentException("The file \"" + path
                        + "\" is already used as one column file and cannot be used by as two column file.");
            }
            m = new MapFile(path, nextUniqueId++, List.of());
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

    /**
     * The acl pattern set of {@code -f path}, read on first use; {@code usedAt} (e.g. {@code acl at file 'h.cfg'
     * line 10}) is added to its users.
     */
    public synchronized PatternRef aclFile(String path, String usedAt) throws IOException {
        PatternRef r = aclFiles.get(path);
        if (r == null) {
            if (maps.containsKey(path)) {
                throw new IllegalArgumentException("The file \"" + path
                        + "\" is already used as two column file and cannot be used by as one column file.");
            }
            r = new PatternRef(nextUniqueId++, path, "", files.lines(path), entryIds::incrementAndGet);
            aclFiles.put(path, r);
            acls.add(r);
        }
        r.usedBy(usedAt);
        return r;
    }

    /** A new pattern set for one acl line's inline patterns, described as {@code acl 'src' file 'F' line N}. */
    public synchronized PatternRef aclInline(String description, List<String> patterns) {
        PatternRef r = new PatternRef(nextUniqueId++, "", description, patterns, entryIds::incrementAndGet);
        acls.add(r);
        return r;
    }

    /** An acl pattern set by file name or {@code #id}, or null. */
    public synchronized PatternRef findAcl(String nameOrId) {
        for (PatternRef r : acls) {
            if (nameOrId.startsWith("#")
                    ? ("#" + r.uniqueId()).equals(nameOrId)
                    : !r.file().isEmpty() && r.file().equals(nameOrId)) {
                return r;
            }
        }
        return null;
    }

    /** Every acl pattern set, by unique id. */
    public synchronized List<PatternRef> acls() {
        return new ArrayList<>(acls);
    }
}
