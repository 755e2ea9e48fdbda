package dev.hapair.proxy.sample;

import dev.hapair.proxy.log.TrafficLogEntry;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/** HAProxy's custom log format variables ({@code %ci}, {@code %ST}, {@code %Tt}...) that hapair renders. */
final class LogVariables {

    /**
     * One {@code %NAME}: the sample it renders and the phase its data needs. {@code kind} says how {@code +Q}
     * applies, as in HAProxy 2.6: text is quoted, numbers, dates and states never are, {@code %hr}/{@code %hs}
     * print nothing without captures, and {@code %hrl}/{@code %hsl} quote each captured header.
     */
    record Variable(String name, Phase needs, Function<SampleContext, Sample> value, Kind kind) {
        Sample value(SampleContext c) {
            return value.apply(c);
        }
    }

    enum Kind {
        TEXT,
        PLAIN,
        BRACES,
        LIST
    }

    /** HAProxy writes these without quotes even under {@code +Q}: numbers, dates and termination states. */
    private static final Set<String> PLAIN = Set.of(
            "cp", "fp", "pid", "ST", "t", "tr", "trg", "T", "Ts", "ms", "TR", "Tq", "Tw", "Tc", "Tr", "Ta", "Tt", "B",
            "ac", "fc", "bc", "sc", "rc", "sq", "bq", "ts", "tsc");

    private static final Map<String, Variable> TABLE = new LinkedHashMap<>();
    private static final DateTimeFormatter DATE =
            DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss.SSS", Locale.ENGLISH);
    private static final DateTimeFormatter DATE_S = DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss", Locale.ENGLISH);

    static {
        Phase c = Phase.CONNECTION;
        // log variables are not checked against the request's volatile data: HAProxy accepts %HU, %r ... in
        // response rules
        Phase r = Phase.HTTP_REQUEST_KEPT;
        Phase l = Phase.LOG;
        def("ci", c, x -> fetch("src", x));
        def("cp", c, x -> fetch("src_port", x));
        def("fi", c, x -> fetch("dst", x));
        def("fp", c, x -> fetch("dst_port", x));
        def("f", c, x -> str(x.frontendName()));
        // the frontend and '~' when the connection came through a TLS listener
        def("ft", c, x -> x.frontendName() == null ? null : str(x.frontendName() + (x.secure() ? "~" : "")));
        def("fn", c, x -> str(x.frontendName()));
        // in log lines the entry knows what happened (<NOSRV> when no server was reached)
        def("b", r, x -> x.logEntry() != null ? str(x.logEntry().backend) : str(x.backendName()));
        def("s", l, x -> x.logEntry() != null ? str(x.logEntry().server) : str(x.serverName()));
        def("H", c, x -> fetch("hostname", x));
        def("sslv", c, x -> fetch("ssl_fc_protocol", x));
        def("sslc", c, x -> fetch("ssl_fc_cipher", x));
        def("pid", c, x -> Sample.sint(ProcessHandle.current().pid()));
        def("ID", r, x -> str(x.uniqueId()));
        // the request line as the client sent it, before any rule's set-method/set-uri/set-path/set-query (HAProxy
        // logs the line it captured when it parsed the request)
        def("HM", r, x -> x.request() == null ? null : str(CapturedRequestLine.method(x.request())));
        def("HU", r, x -> x.request() == null ? null : str(CapturedRequestLine.uri(x.request())));
        // %HP is the target without its query (an absolute URI keeps its authority), %HPO the path only
        def("HP", r, x -> {
            String u = x.request() == null ? null : CapturedRequestLine.uri(x.request());
            return u == null ? null : str(Uris.authority(u) + Uris.path(u));
        });
        def("HPO", r, x -> {
            // as HAProxy: the path of what http_get_path finds, empty for * or host:port
            String p = x.request() == null ? null : Uris.capturedPath(CapturedRequestLine.uri(x.request()));
            if (p == null) return x.request() == null ? null : Sample.str("");
            int q = p.indexOf('?');
            return Sample.str(q < 0 ? p : p.substring(0, q));
        });
        def("HQ", r, x -> {
            String q = x.request() == null ? null : Uris.query(CapturedRequestLine.uri(x.request()));
            return q == null ? Sample.str("") : Sample.str("?" + q);
        });
        def("HV", r, x -> x.request() == null ? null : str(CapturedRequestLine.version(x.request())));
        def("r", r, x -> {
            HttpHead h = x.request();
            return h == null ? null : Sample.str(CapturedRequestLine.line(h));
        });
        def("ST", l, x -> {
            TrafficLogEntry e = x.logEntry();
            if (e != null && e.status >= 0) {
                return Sample.sint(e.status);
            }
            return x.response() == null ? null : Sample.sint(x.response().status());
        });
        def("t", l, x -> Sample.str(DATE.format(Instant.ofEpochMilli(accept(x)).atZone(ZoneId.systemDefault()))));
        def("tr", l, x -> Sample.str(DATE.format(Instant.ofEpochMilli(accept(x)).atZone(ZoneId.systemDefault()))));
        def(
                "T",
                l,
                x -> Sample.str(DATE_S.format(Instant.ofEpochMilli(accept(x)).atZone(ZoneOffset.UTC)) + " +0000"));
        // the request's date in GMT, as CLF prints it
        def(
                "trg",
                l,
                x -> Sample.str(DATE_S.format(Instant.ofEpochMilli(accept(x)).atZone(ZoneOffset.UTC)) + " +0000"));
        def("Ts", l, x -> Sample.sint(accept(x) / 1000));
        def("ms", l, x -> Sample.str(String.format("%03d", accept(x) % 1000)));
        timer("TR", e -> e.tRequest);
        timer("Tq", e -> e.tRequest);
        timer("Tw", e -> e.tQueue);
        timer("Tc", e -> e.tConnect);
        timer("Tr", e -> e.tResponse);
        total("Ta", e -> e.tTotal);
        total("Tt", e -> e.tTotal);
        total("B", e -> e.bytesRead);
        timer("ac", e -> (long) e.actconn);
        timer("fc", e -> (long) e.feconn);
        timer("bc", e -> (long) e.beconn);
        timer("sc", e -> (long) e.srvconn);
        timer("rc", e -> (long) e.retries);
        timer("sq", e -> (long) e.srvQueue);
        timer("bq", e -> (long) e.backendQueue);
        def("ts", l, x -> x.logEntry() == null ? null : Sample.str(x.logEntry().termination));
        def(
                "tsc",
                l,
                x -> x.logEntry() == null ? null : Sample.str(x.logEntry().termination + x.logEntry().cookieFlags));
        // no cookie capture in hapair: absent ("-", or "" under +Q as HAProxy prints an absent text)
        def("CC", l, x -> null);
        def("CS", l, x -> null);
        def("hr", r, x -> captures(x.capturedRequestHeaders()));
        def("hrl", r, x -> captureList(x.capturedRequestHeaders()));
        def("hs", l, x -> captures(x.capturedResponseHeaders()));
        def("hsl", l, x -> captureList(x.capturedResponseHeaders()));
    }

    private LogVariables() {}

    static Variable lookup(String name) {
        return TABLE.get(name);
    }

    static Set<String> names() {
        return Collections.unmodifiableSet(TABLE.keySet());
    }

    private static void def(String name, Phase p, Function<SampleContext, Sample> f) {
        Kind kind = PLAIN.contains(name)
                ? Kind.PLAIN
                : name.equals("hr") || name.equals("hs")
                        ? Kind.BRACES
                        : name.equals("hrl") || name.equals("hsl") ? Kind.LIST : Kind.TEXT;
        TABLE.put(name, new Variable(name, p, f, kind));
    }

    /** Whether {@code +X} (hexadecimal) applies to this number: HAProxy honours it for these only. */
    static boolean takesHex(String name) {
        return name.equals("Ts") || name.equals("cp") || name.equals("fp") || name.equals("pid");
    }

    /** The captured request ({@code %hrl}) or response ({@code %hsl}) headers, absent ones null. */
    static List<String> captured(Variable v, SampleContext c) {
        return v.name().equals("hrl") ? c.capturedRequestHeaders() : c.capturedResponseHeaders();
    }

    /** A total that an early ({@code option logasap}) line prints as {@code +N}, as HAProxy. */
    private static void total(String name, Function<TrafficLogEntry, Long> f) {
        def(name, Phase.LOG, x -> {
            TrafficLogEntry e = x.logEntry();
            if (e == null) return null;
            long v = f.apply(e);
            return e.early ? Sample.str("+" + v) : Sample.sint(v);
        });
    }

    private static void timer(String name, Function<TrafficLogEntry, Long> f) {
        def(name, Phase.LOG, x -> x.logEntry() == null ? null : Sample.sint(f.apply(x.logEntry())));
    }

    private static long accept(SampleContext x) {
        TrafficLogEntry e = x.logEntry();
        return e != null && e.acceptEpochMillis > 0 ? e.acceptEpochMillis : x.nowMillis();
    }

    private static Sample str(String s) {
        return s == null ? null : Sample.str(s);
    }

    private static final Map<String, Fetch> FETCHES = new java.util.concurrent.ConcurrentHashMap<>();

    private static Sample fetch(String name, SampleContext x) {
        Fetch f = FETCHES.computeIfAbsent(name, n -> Fetches.lookup(n).factory().create(List.of(), null));
        return f.fetch(x);
    }

    /** {@code %hr}: captured headers between braces, separated by '|'; absent ones empty. */
    private static Sample captures(List<String> values) {
        if (values.isEmpty()) {
            return Sample.str(""); // nothing at all without captures, as HAProxy (not '-')
        }
        return Sample.str("{" + captureList(values).toText() + "}");
    }

    private static Sample captureList(List<String> values) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                sb.append('|');
            }
            if (values.get(i) != null) {
                sb.append(values.get(i));
            }
        }
        return Sample.str(sb.toString());
    }
}
