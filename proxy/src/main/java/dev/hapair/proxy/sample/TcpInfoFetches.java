package dev.hapair.proxy.sample;

import java.util.function.ToLongFunction;

/**
 * The client connection's kernel TCP counters ({@code fc_rtt}, {@code fc_rttvar}, {@code fc_unacked},
 * {@code fc_sacked}, {@code fc_lost}, {@code fc_retrans}, {@code fc_fackets}, {@code fc_reordering}) and its
 * on-wire HTTP version ({@code fc_http_major}). As HAProxy 2.6 documents them, each fails (no sample) when
 * the connection is not TCP or the system gives no TCP_INFO; the RTT pair takes an optional unit, {@code
 * ms} (the default) or {@code us}. HAProxy 2.6 has no backend-side equivalents of the TCP_INFO fetches.
 */
final class TcpInfoFetches {

    private TcpInfoFetches() {}

    static void register(ContentFetches.Registrar r) {
        rtt(r, "fc_rtt", TcpInfo::rttMicros);
        rtt(r, "fc_rttvar", TcpInfo::rttvarMicros);
        counter(r, "fc_unacked", TcpInfo::unacked);
        counter(r, "fc_sacked", TcpInfo::sacked);
        counter(r, "fc_lost", TcpInfo::lost);
        counter(r, "fc_retrans", TcpInfo::retrans);
        counter(r, "fc_fackets", TcpInfo::fackets);
        counter(r, "fc_reordering", TcpInfo::reordering);
        r.def("fc_http_major", SampleType.SINT, 0, 0, Phase.CONNECTION, (a, e) -> x -> {
            ClientConnection k = x.connection();
            return k == null || k.httpMajor() <= 0 ? null : Sample.sint(k.httpMajor());
        });
    }

    private static void rtt(ContentFetches.Registrar r, String name, ToLongFunction<TcpInfo> micros) {
        r.def(name, SampleType.SINT, 0, 1, Phase.CONNECTION, (a, e) -> {
            String unit = a.isEmpty() ? "ms" : a.get(0);
            long div =
                    switch (unit) {
                        case "ms" -> 1000;
                        case "us" -> 1;
                        default -> throw new IllegalArgumentException("expects 'ms' or 'us', got '" + unit + "'");
                    };
            return x -> {
                TcpInfo t = read(x);
                return t == null ? null : Sample.sint(micros.applyAsLong(t) / div);
            };
        });
    }

    private static void counter(ContentFetches.Registrar r, String name, ToLongFunction<TcpInfo> field) {
        r.def(name, SampleType.SINT, 0, 0, Phase.CONNECTION, (a, e) -> x -> {
            TcpInfo t = read(x);
            return t == null ? null : Sample.sint(field.applyAsLong(t));
        });
    }

    private static TcpInfo read(SampleContext x) {
        ClientConnection k = x.connection();
        return k == null ? null : k.tcpInfo().read();
    }
}
