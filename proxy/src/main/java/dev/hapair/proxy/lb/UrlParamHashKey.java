package dev.hapair.proxy.lb;

/** {@code balance url_param NAME}: the value of a query-string parameter; absent or empty: round robin. */
public record UrlParamHashKey(String parameter) implements HashKey {

    public UrlParamHashKey {
        if (parameter == null || parameter.isEmpty()) {
            throw new IllegalArgumentException("url_param requires a parameter name");
        }
    }

    @Override
    public long hash(LbRequest request, HashFunction function) {
        String v = request.queryParameter(parameter);
        return v == null || v.isEmpty() ? ABSENT : function.hash(v);
    }

    @Override
    public String keyword() {
        return "url_param";
    }
}
