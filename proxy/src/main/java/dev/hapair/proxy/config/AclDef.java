package dev.hapair.proxy.config;

import dev.hapair.common.config.SourceLocation;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * One {@code acl NAME FETCH [FLAGS] [OPERATOR] PATTERN...} line, or the body of an anonymous {@code { ... }} acl
 * (then {@code name} is empty). Tokens are kept raw (after unquoting and env expansion); proxy-lb compiles them.
 *
 * @param fetch     the fetch as written including args and converters, e.g. {@code hdr(host)}, {@code nbsrv(bk)}
 * @param fetchName the fetch keyword without args/converters, e.g. {@code hdr}, {@code nbsrv}, {@code path_beg}
 * @param fetchArgs the comma-separated args between the fetch's parentheses, e.g. {@code [host]}
 * @param converters converters after the fetch, raw, e.g. {@code [lower]} for {@code hdr(host),lower}
 * @param flags     the flag tokens in order, with their values: {@code [-i]}, {@code [-m, beg]}, {@code [-f, file]}
 * @param operator  {@code eq lt le gt ge} when the fetch returns an integer and the first pattern is an operator
 * @param patterns  the remaining tokens (the values to match)
 */
public record AclDef(
        String name,
        String fetch,
        String fetchName,
        List<String> fetchArgs,
        List<String> converters,
        List<String> flags,
        Optional<String> operator,
        List<String> patterns,
        SourceLocation location) {

    /** Fetches returning integers, for which a leading {@code eq|lt|le|gt|ge} is an operator. */
    public static final Set<String> INTEGER_FETCHES = Set.of(
            "nbsrv",
            "connslots",
            "be_conn",
            "be_sess_rate",
            "fe_conn",
            "fe_sess_rate",
            "queue",
            "avg_queue",
            "srv_conn",
            "srv_sess_rate",
            "srv_queue",
            "src_port",
            "dst_port",
            "fc_src_port",
            "fc_dst_port",
            "url_port",
            "hdr_cnt",
            "hdr_val",
            "req.hdr_cnt",
            "req.hdr_val",
            "req.len",
            "req_len",
            "status",
            "dst_conn",
            "so_id",
            "srv_id",
            "be_id",
            "fe_id",
            "int",
            "req.body_size",
            "res.hdr_cnt",
            "res.hdr_val",
            "urlp_val",
            "url_param_val",
            "sc0_conn_cur",
            "sc1_conn_cur",
            "sc2_conn_cur",
            "src_conn_cur",
            "src_conn_cnt");

    public static final Set<String> OPERATORS = Set.of("eq", "lt", "le", "gt", "ge");

    public AclDef {
        fetchArgs = List.copyOf(fetchArgs);
        converters = List.copyOf(converters);
        flags = List.copyOf(flags);
        patterns = List.copyOf(patterns);
    }

    public boolean isAnonymous() {
        return name.isEmpty();
    }

    public boolean ignoreCase() {
        return flags.contains("-i");
    }

    /** The value of {@code -m METHOD}, if given. */
    public Optional<String> matchMethod() {
        int i = flags.indexOf("-m");
        return i >= 0 && i + 1 < flags.size() ? Optional.of(flags.get(i + 1)) : Optional.empty();
    }
}
