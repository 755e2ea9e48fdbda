package dev.hapair.proxy.sample;

import dev.hapair.proxy.config.StickTableConfig.DataType;
import dev.hapair.proxy.stick.StickTable;
import dev.hapair.proxy.stick.Tracked;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Stick-table samples: the {@code sc_*}/{@code scN_*} fetches on the stream's tracked counters, the
 * {@code src_*} fetches looking the client address up, {@code table_avl}/{@code table_cnt}, and the
 * {@code table_*}/{@code in_table} converters. A table argument must name a proxy with a stick-table (checked
 * at -c). A counter the table does not store gives no sample, as in HAProxy; an absent key gives 0.
 */
final class StickSamples {
    private StickSamples() {}

    interface ConverterRegistrar {
        void def(String name, SampleType in, SampleType out, int min, int max, ConverterDef.Factory f);
    }

    /** Read-only counters: the name after {@code sc_}/{@code src_}/{@code table_} and what it reads. */
    private record Counter(DataType type, long divisor) {}

    private static Map<String, Counter> counters(boolean fetch) {
        Map<String, Counter> m = new LinkedHashMap<>();
        for (DataType d : DataType.values()) {
            String n = d.keyword();
            if (d == DataType.GPC0 || d == DataType.GPC1 || d == DataType.GPT0) {
                m.put(fetch ? "get_" + n : n, new Counter(d, 1));
            } else if (d == DataType.BYTES_IN_CNT) {
                m.put("kbytes_in", new Counter(d, 1024));
            } else if (d == DataType.BYTES_OUT_CNT) {
                m.put("kbytes_out", new Counter(d, 1024));
            } else {
                m.put(n, new Counter(d, 1));
            }
        }
        return m;
    }

    static void fetches(ContentFetches.Registrar r) {
        Phase c = Phase.CONNECTION;
        for (Map.Entry<String, Counter> k : counters(true).entrySet()) {
            Counter ctr = k.getValue();
            r.def("sc_" + k.getKey(), SampleType.SINT, 1, 2, c, (a, e) -> {
                int slot = slot(a.get(0));
                StickTable t = a.size() > 1 ? e.table(a.get(1)) : null;
                return x -> read(x.tracked(slot), t, ctr);
            });
            for (int i = 0; i < 3; i++) {
                int slot = i;
                r.def("sc" + i + "_" + k.getKey(), SampleType.SINT, 0, 1, c, (a, e) -> {
                    StickTable t = a.isEmpty() ? null : e.table(a.get(0));
                    return x -> read(x.tracked(slot), t, ctr);
                });
            }
            r.def("src_" + k.getKey(), SampleType.SINT, 0, 1, c, (a, e) -> {
                StickTable t = a.isEmpty() ? null : e.table(a.get(0));
                return x -> {
                    StickTable table = t != null ? t : current(x, e);
                    if (table == null || x.source() == null) return null;
                    String key = table.key(Sample.addr(x.source().getAddress()));
                    Long v = key == null ? null : table.lookup(key, ctr.type());
                    return v == null ? null : Sample.sint(v / ctr.divisor());
                };
            });
        }
        r.def("sc_tracked", SampleType.BOOL, 1, 2, c, (a, e) -> {
            int slot = slot(a.get(0));
            return x -> Sample.bool(x.tracked(slot) != null);
        });
        r.def("sc_trackers", SampleType.SINT, 1, 2, c, (a, e) -> {
            int slot = slot(a.get(0));
            return x -> trackers(x.tracked(slot));
        });
        for (String op : List.of("inc_gpc0", "inc_gpc1", "clr_gpc0", "clr_gpc1")) {
            DataType counter = op.endsWith("0") ? DataType.GPC0 : DataType.GPC1;
            DataType rate = op.endsWith("0") ? DataType.GPC0_RATE : DataType.GPC1_RATE;
            boolean inc = op.startsWith("inc");
            r.def("sc_" + op, SampleType.SINT, 1, 2, c, (a, e) -> {
                int slot = slot(a.get(0));
                return x -> update(x.tracked(slot), inc, counter, rate);
            });
            for (int i = 0; i < 3; i++) {
                int slot = i;
                r.def(
                        "sc" + i + "_" + op,
                        SampleType.SINT,
                        0,
                        1,
                        c,
                        (a, e) -> x -> update(x.tracked(slot), inc, counter, rate));
            }
        }
        for (int i = 0; i < 3; i++) {
            int slot = i;
            r.def("sc" + i + "_tracked", SampleType.BOOL, 0, 1, c, (a, e) -> x -> Sample.bool(x.tracked(slot) != null));
            r.def("sc" + i + "_trackers", SampleType.SINT, 0, 1, c, (a, e) -> x -> trackers(x.tracked(slot)));
        }
        r.def("table_avl", SampleType.SINT, 0, 1, c, (a, e) -> {
            StickTable t = a.isEmpty() ? null : e.table(a.get(0));
            return x -> {
                StickTable table = t != null ? t : current(x, e);
                return table == null ? null : Sample.sint(table.config().size() - table.used());
            };
        });
        r.def("table_cnt", SampleType.SINT, 0, 1, c, (a, e) -> {
            StickTable t = a.isEmpty() ? null : e.table(a.get(0));
            return x -> {
                StickTable table = t != null ? t : current(x, e);
                return table == null ? null : Sample.sint(table.used());
            };
        });
    }

    static void converters(ConverterRegistrar r) {
        for (Map.Entry<String, Counter> k : counters(false).entrySet()) {
            Counter ctr = k.getValue();
            r.def("table_" + k.getKey(), SampleType.ANY, SampleType.SINT, 1, 1, (a, e) -> {
                StickTable t = e.table(a.get(0));
                return (in, x) -> {
                    String key = t.key(in);
                    Long v = key == null ? null : t.lookup(key, ctr.type());
                    return v == null ? null : Sample.sint(v / ctr.divisor());
                };
            });
        }
        // server_id is a data type hapair does not store (no stick rules): never a sample
        r.def("table_server_id", SampleType.ANY, SampleType.SINT, 1, 1, (a, e) -> {
            e.table(a.get(0));
            return (in, x) -> null;
        });
        r.def("table_trackers", SampleType.ANY, SampleType.SINT, 1, 1, (a, e) -> {
            StickTable t = e.table(a.get(0));
            return (in, x) -> {
                String key = t.key(in);
                return key == null ? null : Sample.sint(t.trackers(key));
            };
        });
        r.def("in_table", SampleType.ANY, SampleType.BOOL, 1, 1, (a, e) -> {
            StickTable t = e.table(a.get(0));
            return (in, x) -> {
                String key = t.key(in);
                return key == null ? null : Sample.bool(t.contains(key));
            };
        });
    }

    private static int slot(String arg) {
        if (!arg.matches("[0-2]")) {
            throw new IllegalArgumentException("the counter must be 0, 1 or 2, got '" + arg + "'");
        }
        return arg.charAt(0) - '0';
    }

    /** The table of the proxy the stream is in (backend once known, else frontend), for fetches without one. */
    private static StickTable current(SampleContext x, SampleEnv e) {
        StickTable t = x.backendName() == null ? null : e.tables().get(x.backendName());
        return t != null || x.frontendName() == null ? t : e.tables().get(x.frontendName());
    }

    private static Sample read(Tracked tr, StickTable other, Counter ctr) {
        if (tr == null) return null;
        Long v;
        if (other == null || other == tr.table()) {
            v = tr.table().get(tr.entry(), ctr.type());
        } else {
            v = other.lookup(tr.table().keyOf(tr.entry()), ctr.type());
        }
        return v == null ? null : Sample.sint(v / ctr.divisor());
    }

    private static Sample trackers(Tracked tr) {
        return tr == null ? null : Sample.sint(tr.table().trackers(tr.table().keyOf(tr.entry())));
    }

    private static Sample update(Tracked tr, boolean inc, DataType counter, DataType rate) {
        if (tr == null) return null;
        StickTable t = tr.table();
        if (!t.config().stores(counter) && !t.config().stores(rate)) return null;
        return Sample.sint(inc ? t.increment(tr.entry(), counter, rate) : t.reset(tr.entry(), counter));
    }
}
