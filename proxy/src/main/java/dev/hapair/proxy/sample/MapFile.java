package dev.hapair.proxy.sample;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * One map file ({@code KEY VALUE} per line), shared by every converter naming it and editable at runtime
 * ({@code add/set/del/clear map}). Readers see an immutable snapshot; writers (the runtime API) replace
 * it, so event loops never lock. Lookups follow HAProxy: {@code str} is an exact match (first entry wins),
 * {@code ip} the most specific network, the others the first entry in file order that matches.
 */
public final class MapFile {

    /** One line of the map; {@code id} is stable for the runtime API's {@code show map}. */
    public record Entry(long id, String key, String value) {}

    private record Snapshot(List<Entry> entries, Map<String, String> exact, Map<String, Object> compiled) {}

    private final String path;
    private final int uniqueId;
    private volatile Snapshot snapshot;
    private long nextId = 1;

    MapFile(String path, int uniqueId, List<Entry> entries) {
        this.path = path;
        this.uniqueId = uniqueId;
        this.snapshot = index(entries);
    }

    public String path() {
        return path;
    }

    /** The {@code #N} HAProxy's runtime API accepts in place of the file name. */
    public int uniqueId() {
        return uniqueId;
    }

    public List<Entry> entries() {
        return snapshot.entries;
    }

    /** Parses map lines: key, blanks, then the rest of the line as value (may be empty). */
    static List<Entry> parse(List<String> lines, MapFile into) {
        List<Entry> out = new ArrayList<>(lines.size());
        for (String l : lines) {
            int sp = 0;
            while (sp < l.length() && !Character.isWhitespace(l.charAt(sp))) {
                sp++;
            }
            String key = l.substring(0, sp);
            String value = l.substring(sp).strip();
            out.add(new Entry(into.nextId++, key, value));
        }
        return out;
    }

    private static Snapshot index(List<Entry> entries) {
        Map<String, String> exact = new HashMap<>();
        for (Entry e : entries) {
            exact.putIfAbsent(e.key(), e.value());
        }
        return new Snapshot(List.copyOf(entries), exact, new java.util.concurrent.ConcurrentHashMap<>());
    }

    /** The value for {@code key} under {@code kind}, or null. Case-sensitive, as HAProxy's maps. */
    public String lookup(MatchKind kind, Sample key) {
        Snapshot s = snapshot;
        switch (kind) {
            case STR:
                return s.exact.get(key.toText());
            case IP: {
                InetAddress a = key.toAddress();
                if (a == null) {
                    return null;
                }
                String best = null;
                int bestLen = -1;
                for (Entry e : s.entries) {
                    Object c = compiled(s, e, kind);
                    if (c instanceof IpPatterns p) {
                        int len = p.longestMatch(a);
                        if (len > bestLen) {
                            bestLen = len;
                            best = e.value();
                        }
                    }
                }
                return best;
            }
            case INT: {
                Long v = key.toLong();
                if (v == null) {
                    return null;
                }
                for (Entry e : s.entries) {
                    if (compiled(s, e, kind) instanceof IntPatterns p && p.matches(v)) {
                        return e.value();
                    }
                }
                return null;
            }
            case REG: {
                String text = key.toText();
                for (Entry e : s.entries) {
                    if (compiled(s, e, kind) instanceof Pattern p
                            && p.matcher(text).find()) {
                        return e.value();
                    }
                }
                return null;
            }
            default: {
                String text = key.toText();
                for (Entry e : s.entries) {
                    if (kind.matchesText(text, e.key())) {
                        return e.value();
                    }
                }
                return null;
            }
        }
    }

    /** {@code map_regm}: the first regex entry matching {@code text}, its value with {@code \\N} replaced. */
    public String lookupRegm(String text) {
        Snapshot s = snapshot;
        for (Entry e : s.entries) {
            if (compiled(s, e, MatchKind.REG) instanceof Pattern p) {
                java.util.regex.Matcher m = p.matcher(text);
                if (m.find()) {
                    StringBuilder out = new StringBuilder();
                    String v = e.value();
                    for (int i = 0; i < v.length(); i++) {
                        char c = v.charAt(i);
                        if (c == '\\' && i + 1 < v.length() && Character.isDigit(v.charAt(i + 1))) {
                            int g = v.charAt(++i) - '0';
                            if (g <= m.groupCount() && m.group(g) != null) {
                                out.append(m.group(g));
                            }
                        } else {
                            out.append(c);
                        }
                    }
                    return out.toString();
                }
            }
        }
        return null;
    }

    /** Regex, network or integer form of an entry's key, compiled once per snapshot; a bad key never matches. */
    private static Object compiled(Snapshot s, Entry e, MatchKind kind) {
        String cacheKey = kind.name() + '\0' + e.id();
        Object c = s.compiled.get(cacheKey);
        if (c == null) {
            c = compile(e.key(), kind);
            s.compiled.put(cacheKey, c);
        }
        return c;
    }

    private static Object compile(String key, MatchKind kind) {
        try {
            return switch (kind) {
                case REG -> Pattern.compile(key);
                case IP -> IpPatterns.parse(List.of(key));
                case INT -> IntPatterns.parse(null, List.of(key));
                default -> key;
            };
        } catch (IllegalArgumentException e) {
            return Boolean.FALSE;
        }
    }

    // ---- runtime edits (management socket) ----

    public synchronized void add(String key, String value) {
        List<Entry> l = new ArrayList<>(snapshot.entries);
        l.add(new Entry(nextId++, key, value));
        snapshot = index(l);
    }

    /** Sets the value of every entry with {@code key}; false when there is none. */
    public synchronized boolean set(String key, String value) {
        boolean found = false;
        List<Entry> l = new ArrayList<>(snapshot.entries.size());
        for (Entry e : snapshot.entries) {
            if (e.key().equals(key)) {
                found = true;
                l.add(new Entry(e.id(), key, value));
            } else {
                l.add(e);
            }
        }
        if (found) {
            snapshot = index(l);
        }
        return found;
    }

    /** Removes every entry with {@code key}; false when there is none. */
    public synchronized boolean delete(String key) {
        List<Entry> l = new ArrayList<>(snapshot.entries);
        boolean removed = l.removeIf(e -> e.key().equals(key));
        if (removed) {
            snapshot = index(l);
        }
        return removed;
    }

    public synchronized void clear() {
        snapshot = index(List.of());
    }

    synchronized void replace(List<String> lines) {
        snapshot = index(parse(lines, this));
    }
}
