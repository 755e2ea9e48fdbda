package dev.hapair.proxy.stick;

import dev.hapair.proxy.config.StickTableConfig;
import dev.hapair.proxy.config.StickTableConfig.DataType;
import dev.hapair.proxy.config.StickTableConfig.KeyType;
import dev.hapair.proxy.sample.Addresses;
import dev.hapair.proxy.sample.Sample;
import dev.hapair.proxy.sample.SampleType;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.function.LongSupplier;
import java.util.function.Predicate;

/**
 * One {@code stick-table}: entries by key, each with the configured counters. Memory is bounded by {@code size}:
 * a new entry first evicts expired ones, then the least recently used entry no stream tracks (unless
 * {@code nopurge}); when every entry is tracked the new key is not stored, as in HAProxy. Entries unused for
 * {@code expire} are removed. Thread-safe (one lock per table); the clock is injected.
 */
public final class StickTable {
    private final String name;
    private final StickTableConfig config;
    private final LongSupplier clock;
    /** Access order: the first entries are the least recently used. */
    private final LinkedHashMap<String, Entry> entries = new LinkedHashMap<>(16, 0.75f, true);

    private long nextId = 1;

    public StickTable(String name, StickTableConfig config, LongSupplier clock) {
        this.name = name;
        this.config = config;
        this.clock = clock;
    }

    public String name() {
        return name;
    }

    public StickTableConfig config() {
        return config;
    }

    /** One key's counters. Only read and changed under its table's lock. */
    public static final class Entry {
        final String key;
        final long id;
        final long[] values = new long[DataType.values().length];
        final FreqCtr[] rates = new FreqCtr[DataType.values().length];
        long expireAt;
        int refs;

        Entry(String key, long id) {
            this.key = key;
            this.id = id;
        }
    }

    // ---------------------------------------------------------------- keys

    /** The table key of sample {@code s} (its type converted as HAProxy converts it), or null if it has none. */
    public String key(Sample s) {
        if (s == null) return null;
        switch (config.type()) {
            case IP -> {
                Sample v = s.cast(SampleType.IPV4);
                return v == null ? null : latin1(v.toAddress().getAddress());
            }
            case IPV6 -> {
                Sample v = s.cast(SampleType.IPV6);
                if (v == null) return null;
                byte[] b = v.toBytes();
                if (b.length == 4) b = mapped(b);
                return latin1(b);
            }
            case INTEGER -> {
                Sample v = s.cast(SampleType.SINT);
                return v == null ? null : Long.toString(v.toLong() & 0xffffffffL);
            }
            case STRING -> {
                Sample v = s.cast(SampleType.STR);
                if (v == null) return null;
                String t = v.toText();
                return t.length() > config.keyLen() ? t.substring(0, config.keyLen()) : t;
            }
            default -> {
                Sample v = s.cast(SampleType.BIN);
                if (v == null) return null;
                byte[] b = java.util.Arrays.copyOf(v.toBytes(), config.keyLen());
                return latin1(b);
            }
        }
    }

    /** The key of entry {@code e}. */
    public String keyOf(Entry e) {
        return e.key;
    }

    /** A key as typed on the runtime API ({@code show table t key K}), or null if it is not one. */
    public String parseKey(String text) {
        try {
            return switch (config.type()) {
                case IP, IPV6 -> {
                    if (!text.matches("[0-9a-fA-F:.]+")) yield null;
                    yield key(Sample.addr(InetAddress.getByName(text)));
                }
                case INTEGER -> text.matches("[0-9]+") ? key(Sample.sint(Long.parseLong(text))) : null;
                default -> key(Sample.str(text));
            };
        } catch (UnknownHostException | NumberFormatException e) {
            return null;
        }
    }

    private static String latin1(byte[] b) {
        return new String(b, StandardCharsets.ISO_8859_1);
    }

    private static byte[] mapped(byte[] v4) {
        byte[] b = new byte[16];
        b[10] = (byte) 0xff;
        b[11] = (byte) 0xff;
        System.arraycopy(v4, 0, b, 12, 4);
        return b;
    }

    /** How {@code show table} writes a key. */
    String display(String key) {
        byte[] b = key.getBytes(StandardCharsets.ISO_8859_1);
        return switch (config.type()) {
            case IP -> (b[0] & 255) + "." + (b[1] & 255) + "." + (b[2] & 255) + "." + (b[3] & 255);
            case IPV6 -> ipv6(b);
            case INTEGER, STRING -> key;
            case BINARY -> java.util.HexFormat.of().withUpperCase().formatHex(b);
        };
    }

    /** RFC 5952 text, with IPv4-mapped addresses as {@code ::ffff:a.b.c.d} (inet_ntop's forms). */
    static String ipv6(byte[] b) {
        boolean mapped = true;
        for (int i = 0; i < 10; i++) mapped &= b[i] == 0;
        if (mapped && (b[10] & 255) == 0xff && (b[11] & 255) == 0xff) {
            return "::ffff:" + (b[12] & 255) + "." + (b[13] & 255) + "." + (b[14] & 255) + "." + (b[15] & 255);
        }
        try {
            return Addresses.format(InetAddress.getByAddress(b));
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---------------------------------------------------------------- entries

    private long now() {
        return clock.getAsLong();
    }

    private boolean expired(Entry e, long now) {
        return e.refs == 0 && config.expireMillis() > 0 && now - e.expireAt >= 0;
    }

    private void touch(Entry e, long now) {
        if (config.expireMillis() > 0) e.expireAt = now + config.expireMillis();
    }

    /** The live entry of {@code key}, or null. */
    private Entry find(String key, long now) {
        Entry e = entries.get(key);
        if (e != null && expired(e, now)) {
            entries.remove(key);
            return null;
        }
        return e;
    }

    /** The entry of {@code key}, created if there is room; null when the table is full of tracked entries. */
    private Entry findOrCreate(String key, long now) {
        Entry e = find(key, now);
        if (e != null) return e;
        if (entries.size() >= config.size() && !makeRoom(now)) return null;
        e = new Entry(key, nextId++);
        touch(e, now);
        entries.put(key, e);
        return e;
    }

    /** Removes expired entries, else the least recently used untracked one; false if nothing could go. */
    private boolean makeRoom(long now) {
        boolean freed = false;
        for (Iterator<Entry> it = entries.values().iterator(); it.hasNext(); ) {
            Entry e = it.next();
            if (expired(e, now)) {
                it.remove();
                freed = true;
            }
        }
        if (freed || config.nopurge()) return freed;
        for (Iterator<Entry> it = entries.values().iterator(); it.hasNext(); ) {
            if (it.next().refs == 0) {
                it.remove();
                return true;
            }
        }
        return false;
    }

    private FreqCtr rate(Entry e, DataType d) {
        FreqCtr f = e.rates[d.ordinal()];
        if (f == null) {
            f = new FreqCtr(config.store().get(d));
            e.rates[d.ordinal()] = f;
        }
        return f;
    }

    private void add(Entry e, DataType d, long n, long now) {
        if (!config.stores(d)) return;
        if (d.rate()) {
            rate(e, d).add(now, n);
        } else {
            e.values[d.ordinal()] += n;
        }
    }

    private long value(Entry e, DataType d, long now) {
        if (d.rate()) {
            FreqCtr f = e.rates[d.ordinal()];
            return f == null ? 0 : f.read(now);
        }
        return e.values[d.ordinal()];
    }

    /**
     * Starts tracking {@code key} for a stream ({@code track-sc}): the connection counters count one more
     * ({@code conn_cnt}, {@code conn_rate}, {@code conn_cur} until {@link #release}), and with
     * {@code httpRequest} the HTTP request counters too. Null when the table has no room.
     */
    public synchronized Entry track(String key, boolean httpRequest) {
        long now = now();
        Entry e = findOrCreate(key, now);
        if (e == null) return null;
        e.refs++;
        add(e, DataType.CONN_CUR, 1, now);
        add(e, DataType.CONN_CNT, 1, now);
        add(e, DataType.CONN_RATE, 1, now);
        if (httpRequest) {
            add(e, DataType.HTTP_REQ_CNT, 1, now);
            add(e, DataType.HTTP_REQ_RATE, 1, now);
        }
        touch(e, now);
        return e;
    }

    /** The stream that tracked {@code e} ends. */
    public synchronized void release(Entry e) {
        long now = now();
        if (e.refs > 0) e.refs--;
        if (config.stores(DataType.CONN_CUR) && e.values[DataType.CONN_CUR.ordinal()] > 0) {
            e.values[DataType.CONN_CUR.ordinal()]--;
        }
        touch(e, now);
    }

    /** Adds {@code n} to counter {@code d} of a tracked entry (and its rate twin for counts); touches it. */
    public synchronized void count(Entry e, DataType d, long n) {
        long now = now();
        add(e, d, n, now);
        touch(e, now);
    }

    /** Sets {@code gpt0}. */
    public synchronized void set(Entry e, DataType d, long v) {
        if (config.stores(d) && !d.rate()) e.values[d.ordinal()] = v;
        touch(e, now());
    }

    /** {@code sc_inc_gpc0}-style: increments gpcN and its rate; returns the new gpcN (or its rate's value). */
    public synchronized long increment(Entry e, DataType counter, DataType rate) {
        long now = now();
        add(e, counter, 1, now);
        add(e, rate, 1, now);
        touch(e, now);
        return config.stores(counter) ? value(e, counter, now) : value(e, rate, now);
    }

    /** {@code sc_clr_gpcN}: the value before clearing. */
    public synchronized long reset(Entry e, DataType counter) {
        long old = e.values[counter.ordinal()];
        e.values[counter.ordinal()] = 0;
        return old;
    }

    /** A counter of a tracked entry; null when the table does not store it. */
    public synchronized Long get(Entry e, DataType d) {
        return config.stores(d) ? value(e, d, now()) : null;
    }

    /** A counter of {@code key}'s entry without tracking it: 0 when absent; null when the table does not store it. */
    public synchronized Long lookup(String key, DataType d) {
        if (!config.stores(d)) return null;
        long now = now();
        Entry e = find(key, now);
        return e == null ? 0L : value(e, d, now);
    }

    /** Whether {@code key} has an entry. */
    public synchronized boolean contains(String key) {
        return find(key, now()) != null;
    }

    /** How many streams track {@code key} now. */
    public synchronized int trackers(String key) {
        Entry e = find(key, now());
        return e == null ? 0 : e.refs;
    }

    public synchronized int used() {
        long now = now();
        entries.values().removeIf(e -> expired(e, now));
        return entries.size();
    }

    // ---------------------------------------------------------------- runtime API

    /** {@code show table}'s header line. */
    public synchronized String header() {
        return "# table: " + name + ", type: " + config.type().keyword() + ", size:" + config.size() + ", used:"
                + used() + "\n";
    }

    /** {@code show table NAME [data.<type> <op> <value>] [key K]}: the entries {@code keep} selects. */
    public synchronized String dump(Predicate<String> keyFilter, DataType filterType, String op, long filterValue) {
        long now = now();
        StringBuilder sb = new StringBuilder(header());
        List<Entry> list = new ArrayList<>(entries.values());
        list.sort(order());
        for (Entry e : list) {
            if (expired(e, now) || !keyFilter.test(e.key)) continue;
            if (filterType != null && !compare(value(e, filterType, now), op, filterValue)) continue;
            sb.append("0x")
                    .append(Long.toHexString(0x10000L + e.id * 0x40L))
                    .append(": key=")
                    .append(display(e.key));
            sb.append(" use=").append(e.refs);
            sb.append(" exp=").append(config.expireMillis() > 0 ? Math.max(0, e.expireAt - now) : 0);
            for (var d : config.store().entrySet()) {
                sb.append(' ').append(d.getKey().keyword());
                if (d.getKey().rate()) sb.append('(').append(d.getValue()).append(')');
                sb.append('=').append(value(e, d.getKey(), now));
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    static boolean compare(long v, String op, long x) {
        return switch (op) {
            case "eq" -> v == x;
            case "ne" -> v != x;
            case "le" -> v <= x;
            case "lt" -> v < x;
            case "ge" -> v >= x;
            default -> v > x;
        };
    }

    /** {@code clear table NAME [data.<type> <op> <v>] [key K]}: removes the untracked entries selected. */
    public synchronized int clear(Predicate<String> keyFilter, DataType filterType, String op, long filterValue) {
        int n = 0;
        long now = now();
        for (Iterator<Entry> it = entries.values().iterator(); it.hasNext(); ) {
            Entry e = it.next();
            if (filterType != null && !compare(value(e, filterType, now), op, filterValue)) continue;
            if (e.refs == 0 && keyFilter.test(e.key)) {
                it.remove();
                n++;
            }
        }
        return n;
    }

    private Comparator<Entry> order() {
        if (config.type() == KeyType.INTEGER) return Comparator.comparingLong(e -> Long.parseLong(e.key));
        return Comparator.comparing(e -> e.key);
    }
}
