package dev.hapair.proxy.sample;

/**
 * What a connection's PROXY protocol v2 header carried beyond addresses, for {@code fc_pp_authority} and
 * {@code fc_pp_unique_id}; fields are null when absent.
 */
public record ProxyTlvs(String authority, String uniqueId) {
    public static final ProxyTlvs NONE = new ProxyTlvs(null, null);
}
