package dev.hapair.proxy.lb;

/**
 * {@code balance hdr(NAME) [use_domain_only]}: the header value; absent or empty: round robin. With
 * {@code use_domain_only} a Host-like value is reduced to its main domain label
 * ({@code haproxy.1wt.eu} hashes as {@code 1wt}) so all sub-domains stick together.
 */
public record HeaderHashKey(String header, boolean useDomainOnly) implements HashKey {

    public HeaderHashKey {
        if (header == null || header.isEmpty()) {
            throw new IllegalArgumentException("hdr() requires a header name");
        }
    }

    @Override
    public long hash(LbRequest request, HashFunction function) {
        String v = request.header(header);
        if (v == null) {
            return ABSENT;
        }
        v = v.trim();
        if (useDomainOnly) {
            v = mainDomain(v);
        }
        return v.isEmpty() ? ABSENT : function.hash(v);
    }

    static String mainDomain(String host) {
        String h = host;
        int colon = h.lastIndexOf(':');
        if (colon >= 0 && h.indexOf(']') < colon && !h.startsWith("[")) {
            h = h.substring(0, colon);
        }
        int last = h.lastIndexOf('.');
        if (last < 0) {
            return h;
        }
        int prev = h.lastIndexOf('.', last - 1);
        return h.substring(prev + 1, last);
    }

    @Override
    public String keyword() {
        return "hdr";
    }
}
