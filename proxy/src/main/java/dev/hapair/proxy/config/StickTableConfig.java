package dev.hapair.proxy.config;

import dev.hapair.common.config.SourceLocation;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code stick-table type <type> [len <n>] size <n> [expire <t>] [nopurge] [store <data>[,...]]*} of one
 * proxy. {@code peers}, {@code srvkey}, {@code write-to} and the {@code server_id}/{@code gpt}/{@code gpc}
 * array data types are refused (fail closed): hapair has no stick rules or peers.
 *
 * @param keyLen key bytes of {@code string}/{@code binary} tables (32 by default), else 0
 * @param expireMillis entries unused for this long are removed; 0 means never
 * @param store the stored data types with their period in milliseconds (rates) or 0, in HAProxy's order
 */
public record StickTableConfig(
        KeyType type,
        int keyLen,
        long size,
        long expireMillis,
        boolean nopurge,
        Map<DataType, Long> store,
        SourceLocation location) {

    public enum KeyType {
        IP,
        IPV6,
        INTEGER,
        STRING,
        BINARY;

        public String keyword() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** The data types hapair stores, in HAProxy's own order (which {@code show table} follows). */
    public enum DataType {
        GPT0(false),
        GPC0(false),
        GPC0_RATE(true),
        CONN_CNT(false),
        CONN_RATE(true),
        CONN_CUR(false),
        SESS_CNT(false),
        SESS_RATE(true),
        HTTP_REQ_CNT(false),
        HTTP_REQ_RATE(true),
        HTTP_ERR_CNT(false),
        HTTP_ERR_RATE(true),
        BYTES_IN_CNT(false),
        BYTES_IN_RATE(true),
        BYTES_OUT_CNT(false),
        BYTES_OUT_RATE(true),
        GPC1(false),
        GPC1_RATE(true),
        HTTP_FAIL_CNT(false),
        HTTP_FAIL_RATE(true);

        private final boolean rate;

        DataType(boolean rate) {
            this.rate = rate;
        }

        public boolean rate() {
            return rate;
        }

        public String keyword() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static DataType of(String keyword) {
            for (DataType d : values()) {
                if (d.keyword().equals(keyword)) return d;
            }
            return null;
        }
    }

    public StickTableConfig {
        EnumMap<DataType, Long> copy = new EnumMap<>(DataType.class);
        copy.putAll(store);
        store = Collections.unmodifiableMap(copy);
    }

    public boolean stores(DataType d) {
        return store.containsKey(d);
    }

    /** Parses the words after {@code stick-table}. */
    static StickTableConfig parse(List<String> w, SourceLocation at) {
        KeyType type = null;
        int len = -1;
        Long size = null;
        long expire = 0;
        boolean nopurge = false;
        EnumMap<DataType, Long> store = new EnumMap<>(DataType.class);
        for (int i = 0; i < w.size(); i++) {
            String k = w.get(i);
            switch (k) {
                case "type" -> {
                    String t = value(w, i++, "type");
                    type = switch (t) {
                        case "ip", "ipv4" -> KeyType.IP;
                        case "ipv6" -> KeyType.IPV6;
                        case "integer" -> KeyType.INTEGER;
                        case "string" -> KeyType.STRING;
                        case "binary" -> KeyType.BINARY;
                        default -> throw new LineError(
                                "'stick-table type' expects ip, ipv6, integer, string or binary," + " got '" + t + "'");
                    };
                    if (i + 2 < w.size() && w.get(i + 1).equals("len")) {
                        if (type != KeyType.STRING && type != KeyType.BINARY) {
                            throw new LineError("'stick-table': 'len' only applies to string and binary tables");
                        }
                        len = Units.parseInt(w.get(i + 2), "'stick-table len'");
                        if (len < 1) throw new LineError("'stick-table len' must be positive");
                        i += 2;
                    }
                }
                case "size" -> {
                    size = Units.parseSize(value(w, i++, "size"));
                    if (size < 1) throw new LineError("'stick-table size' must be positive");
                }
                case "expire" -> expire =
                        Units.parseTime(value(w, i++, "expire")).toMillis();
                case "nopurge" -> nopurge = true;
                case "store" -> {
                    for (String d : value(w, i++, "store").split(",")) storeOne(d.strip(), store);
                }
                case "peers", "srvkey", "write-to", "recv-only" -> throw NotSupported.error("stick-table " + k);
                default -> throw new LineError("'stick-table': unknown argument '" + k + "'");
            }
        }
        if (type == null) throw new LineError("'stick-table' expects 'type <type>'");
        if (size == null) throw new LineError("'stick-table' expects 'size <size>'");
        int keyLen = type == KeyType.STRING || type == KeyType.BINARY ? (len < 0 ? 32 : len) : 0;
        return new StickTableConfig(type, keyLen, size, expire, nopurge, store, at);
    }

    private static void storeOne(String d, EnumMap<DataType, Long> store) {
        String name = d;
        String arg = null;
        int p = d.indexOf('(');
        if (p > 0 && d.endsWith(")")) {
            name = d.substring(0, p);
            arg = d.substring(p + 1, d.length() - 1);
        }
        DataType t = DataType.of(name);
        if (t == null) {
            if (List.of("server_id", "server_key", "server_name", "gpt", "gpc", "gpc_rate")
                    .contains(name)) {
                throw NotSupported.error("stick-table store " + name);
            }
            throw new LineError("'stick-table store': unknown data type '" + name + "'");
        }
        long period = 0;
        if (t.rate()) {
            if (arg == null)
                throw new LineError("'stick-table store " + name + "' expects a period, e.g. " + name + "(10s)");
            period = Units.parseTime(arg).toMillis();
            if (period < 1) throw new LineError("'stick-table store " + name + "': the period must be positive");
        } else if (arg != null) {
            throw new LineError("'stick-table store " + name + "' takes no argument");
        }
        store.put(t, period);
    }

    private static String value(List<String> w, int i, String what) {
        if (i + 1 >= w.size()) throw new LineError("'stick-table " + what + "' expects a value");
        return w.get(i + 1);
    }
}
