package dev.hapair.proxy.sample;

import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;
import java.util.function.Predicate;

/**
 * A live acl pattern set, HAProxy's "pattern reference": the patterns of one {@code -f FILE} (shared by every
 * acl line naming that file) or of one acl line's inline patterns. The runtime API edits it ({@code add/del/
 * clear/prepare/commit acl}); changes apply to the next evaluation, without reload.
 *
 * <p>Entries carry a version. The acls match the entries of the current version ({@code curr_ver}); {@code
 * prepare} allocates a new version ({@code next_ver}) that is filled, then made current at once by {@code
 * commit}. Version numbers are unsigned 32-bit values that wrap, compared as HAProxy does.
 *
 * <p>Each acl line using the reference registers a {@link Use}, which compiles the visible patterns into its
 * matcher. Every change compiles all uses first and then publishes them together in one volatile write, so an
 * evaluation sees either the old set or the new one, never a mix, and the event loops never lock. A pattern
 * any use cannot compile is refused before anything changes.
 */
public final class PatternRef {

    /** One pattern; {@code id} is what {@code show acl} prints and {@code del acl <acl> #<id>} names. */
    public record Entry(long id, String pattern, int version) {}

    /** One acl line using the reference: its match method over the patterns. */
    public interface Use {
        /**
         * The matcher for {@code patterns}.
         *
         * @throws IllegalArgumentException naming a pattern the method cannot parse
         */
        Predicate<Sample> compile(List<String> patterns);

        /** Why {@code pattern} cannot be added at runtime, in the runtime API's words, or null when it can. */
        default String refusal(String pattern) {
            try {
                compile(List.of(pattern));
                return null;
            } catch (IllegalArgumentException e) {
                return e.getMessage();
            }
        }

        /** The {@code get acl} line for {@code value} against {@code patterns} (without the newline). */
        String lookup(List<String> patterns, String value);
    }

    private final String file;
    private final String description;
    private final List<String> usedBy = new ArrayList<>();
    private final LongSupplier entryIds;
    private final List<Use> uses = new ArrayList<>();
    private final List<Entry> entries = new ArrayList<>();
    private final int uniqueId;
    private int currVer;
    private int nextVer;
    private volatile Predicate<Sample>[] matchers;

    /**
     * @param file the pattern file, or "" for an acl line's inline patterns
     * @param description for an inline set, e.g. {@code acl 'src' file 'h.cfg' line 10}; ignored for a file
     */
    PatternRef(int uniqueId, String file, String description, List<String> patterns, LongSupplier entryIds) {
        this.uniqueId = uniqueId;
        this.file = file;
        this.description = description;
        this.entryIds = entryIds;
        for (String p : patterns) {
            entries.add(new Entry(entryIds.getAsLong(), p, 0));
        }
        publish();
    }

    public int uniqueId() {
        return uniqueId;
    }

    /** The pattern file, or "" for inline patterns. */
    public String file() {
        return file;
    }

    synchronized void usedBy(String where) {
        usedBy.add(where);
    }

    /**
     * Registers an acl line's use and compiles the current patterns for it.
     *
     * @return the use's slot for {@link #matcher}
     * @throws IllegalArgumentException when a current pattern does not parse for this use
     */
    public synchronized int addUse(Use use) {
        use.compile(visiblePatterns(currVer)); // fails before the use is registered
        uses.add(use);
        publish();
        return uses.size() - 1;
    }

    /** The current matcher of the use in {@code slot}: one volatile read, no lock. */
    public Predicate<Sample> matcher(int slot) {
        return matchers[slot];
    }

    /** The {@code show acl} line of this reference, without its newline. */
    public synchronized String describe() {
        StringBuilder sb =
                new StringBuilder().append(uniqueId).append(" (").append(file).append(") ");
        if (file.isEmpty()) {
            sb.append(description);
        } else {
            sb.append("pattern loaded from file '").append(file).append("' used by ");
            sb.append(String.join(", by ", usedBy));
        }
        return sb.append(". curr_ver=")
                .append(Integer.toUnsignedString(currVer))
                .append(" next_ver=")
                .append(Integer.toUnsignedString(nextVer))
                .append(" entry_cnt=")
                .append(entries.size())
                .toString();
    }

    /** The entries of {@code version} (null: the current one), in insertion order. */
    public synchronized List<Entry> entries(Integer version) {
        int v = version == null ? currVer : version;
        List<Entry> out = new ArrayList<>();
        for (Entry e : entries) {
            if (e.version() == v) {
                out.add(e);
            }
        }
        return out;
    }

    /** The {@code get acl} lines for {@code value}, one per use, against the current patterns. */
    public synchronized List<String> lookup(String value) {
        List<String> patterns = visiblePatterns(currVer);
        List<String> out = new ArrayList<>();
        for (Use u : uses) {
            out.add(u.lookup(patterns, value));
        }
        return out;
    }

    /** Thrown for a refused runtime change; the message is the CLI's answer. */
    public static final class RefusedException extends Exception {
        public RefusedException(String message) {
            super(message);
        }
    }

    /**
     * Adds {@code pattern} to {@code version} (null: the current one, which then matches it at once).
     *
     * @throws RefusedException for a version not yet prepared or a pattern a use cannot parse
     */
    public synchronized void add(Integer version, String pattern) throws RefusedException {
        int v = version == null ? currVer : version;
        if (version != null && after(v, nextVer)) {
            throw new RefusedException("Version number in the future, please use 'prepare acl' before.");
        }
        for (Use u : uses) {
            String refused = u.refusal(pattern);
            if (refused != null) {
                throw new RefusedException(refused);
            }
        }
        entries.add(new Entry(entryIds.getAsLong(), pattern, v));
        if (v == currVer) {
            publish();
        }
    }

    /** Deletes every entry (of any version) whose pattern is {@code key}; false when there is none. */
    public synchronized boolean delete(String key) {
        boolean removed = entries.removeIf(e -> e.pattern().equals(key));
        if (removed) {
            publish();
        }
        return removed;
    }

    /** Deletes the entry with {@code id}; false when there is none. */
    public synchronized boolean deleteId(long id) {
        boolean removed = entries.removeIf(e -> e.id() == id);
        if (removed) {
            publish();
        }
        return removed;
    }

    /** Deletes every entry of {@code version} (null: the current one). */
    public synchronized void clear(Integer version) {
        int v = version == null ? currVer : version;
        if (entries.removeIf(e -> e.version() == v) && v == currVer) {
            publish();
        }
    }

    /** Allocates the next version for an atomic replacement and returns it. */
    public synchronized int prepare() {
        nextVer++;
        return nextVer;
    }

    /**
     * Makes {@code version} current in one step and drops the entries of older versions.
     *
     * @throws RefusedException unless {@code curr_ver < version <= next_ver}
     */
    public synchronized void commit(int version) throws RefusedException {
        if (!after(version, currVer) || after(version, nextVer)) {
            throw new RefusedException("Version number out of range.");
        }
        currVer = version;
        entries.removeIf(e -> after(version, e.version()));
        publish();
    }

    /** Whether {@code a} comes after {@code b} in the wrapping 32-bit version order. */
    private static boolean after(int a, int b) {
        return a - b > 0;
    }

    private List<String> visiblePatterns(int version) {
        List<String> out = new ArrayList<>();
        for (Entry e : entries) {
            if (e.version() == version) {
                out.add(e.pattern());
            }
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private void publish() {
        List<String> patterns = visiblePatterns(currVer);
        Predicate<Sample>[] compiled = new Predicate[uses.size()];
        for (int i = 0; i < compiled.length; i++) {
            compiled[i] = uses.get(i).compile(patterns);
        }
        matchers = compiled; // one volatile write publishes every use's new matcher together
    }
}
