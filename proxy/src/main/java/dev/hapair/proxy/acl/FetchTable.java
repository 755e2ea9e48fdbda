package dev.hapair.proxy.acl;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/** Every fetch keyword hapair understands in acls: the fetch vocabulary, in one table. */
final class FetchTable {

    private static final Map<String, FetchDef> TABLE = new LinkedHashMap<>();

    private static final String[][] SUFFIXES = {
        {"", "STR"}, {"_beg", "BEG"}, {"_end", "END"}, {"_sub", "SUB"}, {"_reg", "REG"}, {"_dom", "DOM"},
        {"_dir", "DIR"}, {"_len", "LEN"},
    };

    static {
        stringFamily("path", a -> (Fetcher.Strings) (r, b) -> one(r.path()), 0, 0);
        stringFamily("url", a -> (Fetcher.Strings) (r, b) -> one(r.uri()), 0, 0);
        stringFamily("base", a -> (Fetcher.Strings) (r, b) -> r.path() == null ? List.of()
                : one(Uris.base(first(r.headers("host")), r.path())), 0, 0);
        stringFamily("hdr", FetchTable::header, 1, 2);
        str("query", a -> (Fetcher.Strings) (r, b) -> one(r.query()), 0, 0);
        str("req.hdr", FetchTable::header, 1, 2);
        str("req.fhdr", FetchTable::fullHeader, 1, 2);
        str("fhdr", FetchTable::fullHeader, 1, 2);
        str("urlp", FetchTable::urlParam, 1, 1);
        str("url_param", FetchTable::urlParam, 1, 1);
        str("method", a -> (Fetcher.Strings) (r, b) -> one(r.method()), 0, 0);
        str("req.ver", a -> (Fetcher.Strings) (r, b) -> one(r.httpVersion()), 0, 0);
        str("req_ver", a -> (Fetcher.Strings) (r, b) -> one(r.httpVersion()), 0, 0);
        def("hdr_ip", Fetcher.Strings.class, MatchMethod.IP, 1, 2, false, FetchTable::header);
        def("req.hdr_ip", Fetcher.Strings.class, MatchMethod.IP, 1, 2, false, FetchTable::header);
        def("hdr_val", Fetcher.Strings.class, MatchMethod.INT, 1, 2, false, FetchTable::header);
        def("urlp_val", Fetcher.Strings.class, MatchMethod.INT, 1, 1, false, FetchTable::urlParam);
        integer("hdr_cnt", a -> (Fetcher.Int) (r, b) -> HeaderValues.occurrences(r.headers(a.get(0)), true, 0).size(), 1, 1);
        integer("req.hdr_cnt", a -> (Fetcher.Int) (r, b) -> HeaderValues.occurrences(r.headers(a.get(0)), true, 0).size(), 1, 1);
        integer("src_port", a -> (Fetcher.Int) (r, b) -> r.sourcePort() < 0 ? Fetcher.ABSENT : r.sourcePort(), 0, 0);
        integer("dst_port", a -> (Fetcher.Int) (r, b) -> r.destinationPort() < 0 ? Fetcher.ABSENT : r.destinationPort(), 0, 0);
        def("nbsrv", Fetcher.Int.class, MatchMethod.INT, 0, 1, true,
                a -> (Fetcher.Int) (r, b) -> b.usableServers(a.isEmpty() ? null : a.get(0)));
        def("src", Fetcher.Addr.class, MatchMethod.IP, 0, 0, false, a -> (Fetcher.Addr) RequestView::sourceAddress);
        def("dst", Fetcher.Addr.class, MatchMethod.IP, 0, 0, false,
                a -> (Fetcher.Addr) RequestView::destinationAddress);
        bool("always_true", a -> (Fetcher.Bool) r -> true);
        bool("always_false", a -> (Fetcher.Bool) r -> false);
        bool("ssl_fc", a -> (Fetcher.Bool) RequestView::secure);
    }

    private FetchTable() {
    }

    static FetchDef lookup(String keyword) {
        return TABLE.get(keyword.toLowerCase(Locale.ROOT));
    }

    static Set<String> keywords() {
        return Collections.unmodifiableSet(TABLE.keySet());
    }

    private static void stringFamily(String base, Function<List<String>, Fetcher> f, int min, int max) {
        for (String[] s : SUFFIXES) {
            def(base + s[0], Fetcher.Strings.class, MatchMethod.valueOf(s[1]), min, max, false, f);
        }
    }

    private static void str(String k, Function<List<String>, Fetcher> f, int min, int max) {
        def(k, Fetcher.Strings.class, MatchMethod.STR, min, max, false, f);
    }

    private static void integer(String k, Function<List<String>, Fetcher> f, int min, int max) {
        def(k, Fetcher.Int.class, MatchMethod.INT, min, max, false, f);
    }

    private static void bool(String k, Function<List<String>, Fetcher> f) {
        def(k, Fetcher.Bool.class, MatchMethod.BOOL, 0, 0, false, f);
    }

    private static void def(String k, Class<? extends Fetcher> shape, MatchMethod m, int min, int max,
                            boolean backendArg, Function<List<String>, Fetcher> f) {
        TABLE.put(k, new FetchDef(k, shape, m, min, max, backendArg, f));
    }

    private static List<String> one(String s) {
        return s == null ? List.of() : List.of(s);
    }

    private static String first(List<String> values) {
        return values == null || values.isEmpty() ? null : values.get(0).trim();
    }

    private static Fetcher header(List<String> a) {
        String name = a.get(0);
        int occ = occurrence(a);
        return (Fetcher.Strings) (r, b) -> HeaderValues.occurrences(r.headers(name), true, occ);
    }

    private static Fetcher fullHeader(List<String> a) {
        String name = a.get(0);
        int occ = occurrence(a);
        return (Fetcher.Strings) (r, b) -> HeaderValues.occurrences(r.headers(name), false, occ);
    }

    private static Fetcher urlParam(List<String> a) {
        String name = a.get(0);
        return (Fetcher.Strings) (r, b) -> one(dev.hapair.proxy.lb.QueryStrings.firstValue(r.uri(), name));
    }

    private static int occurrence(List<String> a) {
        if (a.size() < 2) {
            return 0;
        }
        try {
            return Integer.parseInt(a.get(1).trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("occurrence '" + a.get(1) + "' is not an integer");
        }
    }
}
