package dev.hapair.proxy.config;

import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * The protocol options a bind line and global {@code ssl-default-bind-options} share: version bounds
 * ({@code ssl-min-ver}, {@code ssl-max-ver}, {@code force-tlsvXX}), disabled versions ({@code no-tlsvXX},
 * {@code no-sslv3}), {@code no-tls-tickets} and {@code prefer-client-ciphers}. Absent bounds fall back to the
 * global defaults, then to HAProxy 2.6's (TLSv1.2 to TLSv1.3).
 */
public record SslOptions(
        Optional<TlsVersion> minVer,
        Optional<TlsVersion> maxVer,
        Set<TlsVersion> disabled,
        boolean noTlsTickets,
        boolean preferClientCiphers) {

    public static final SslOptions NONE = new SslOptions(Optional.empty(), Optional.empty(), Set.of(), false, false);

    public SslOptions {
        disabled = disabled.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(disabled));
    }

    /** These options over {@code defaults}: set bounds win, flags and disabled versions add up. */
    public SslOptions over(SslOptions defaults) {
        Set<TlsVersion> off = EnumSet.noneOf(TlsVersion.class);
        off.addAll(defaults.disabled);
        off.addAll(disabled);
        return new SslOptions(
                minVer.or(defaults::minVer),
                maxVer.or(defaults::maxVer),
                off,
                noTlsTickets || defaults.noTlsTickets,
                preferClientCiphers || defaults.preferClientCiphers);
    }

    /** Mutable draft filled by option words. */
    static final class Draft {
        TlsVersion minVer;
        TlsVersion maxVer;
        final Set<TlsVersion> disabled = EnumSet.noneOf(TlsVersion.class);
        boolean noTlsTickets;
        boolean preferClientCiphers;

        Draft copy() {
            Draft d = new Draft();
            d.minVer = minVer;
            d.maxVer = maxVer;
            d.disabled.addAll(disabled);
            d.noTlsTickets = noTlsTickets;
            d.preferClientCiphers = preferClientCiphers;
            return d;
        }

        SslOptions build() {
            return new SslOptions(
                    Optional.ofNullable(minVer),
                    Optional.ofNullable(maxVer),
                    disabled,
                    noTlsTickets,
                    preferClientCiphers);
        }
    }

    /** The option words both tables accept: keyword -> arity. */
    static <C> void register(KeywordTable<OptionWord<C>> t, java.util.function.Function<C, Draft> draft) {
        register(t, draft, true);
    }

    /** @param bindSide whether {@code prefer-client-ciphers} (a listener's choice) is one of the words */
    static <C> void register(
            KeywordTable<OptionWord<C>> t, java.util.function.Function<C, Draft> draft, boolean bindSide) {
        t.register("ssl-min-ver", 1, (o, l) -> draft.apply(o.target()).minVer = minVersion(o.value()));
        t.register("ssl-max-ver", 1, (o, l) -> draft.apply(o.target()).maxVer = version(o.value()));
        t.register("no-tls-tickets", 0, (o, l) -> draft.apply(o.target()).noTlsTickets = true);
        if (bindSide) {
            t.register("prefer-client-ciphers", 0, (o, l) -> draft.apply(o.target()).preferClientCiphers = true);
        }
        t.register("no-sslv3", 0, (o, l) -> draft.apply(o.target()).disabled.add(TlsVersion.SSLV3));
        t.register("no-tlsv10", 0, (o, l) -> draft.apply(o.target()).disabled.add(TlsVersion.TLSV10));
        t.register("no-tlsv11", 0, (o, l) -> draft.apply(o.target()).disabled.add(TlsVersion.TLSV11));
        t.register("no-tlsv12", 0, (o, l) -> draft.apply(o.target()).disabled.add(TlsVersion.TLSV12));
        t.register("no-tlsv13", 0, (o, l) -> draft.apply(o.target()).disabled.add(TlsVersion.TLSV13));
        t.register("force-tlsv12", 0, (o, l) -> force(draft.apply(o.target()), TlsVersion.TLSV12));
        t.register("force-tlsv13", 0, (o, l) -> force(draft.apply(o.target()), TlsVersion.TLSV13));
        for (String k : new String[] {"force-sslv3", "force-tlsv10", "force-tlsv11"}) {
            t.register(k, 0, (o, l) -> {
                throw new LineError("hapair-proxy offers nothing below TLSv1.2");
            });
        }
    }

    private static void force(Draft d, TlsVersion v) {
        d.minVer = v;
        d.maxVer = v;
    }

    /**
     * {@code ssl-min-ver}: every version name is read; hapair offers nothing below TLSv1.2 whatever the floor,
     * as HAProxy 2.6 linked with OpenSSL 3.0 (the reference build) cannot negotiate below TLSv1.2 at its default
     * security level either (SSLv3, TLSv1.0 and TLSv1.1 need level 0, i.e. {@code @SECLEVEL=0} in
     * {@code ciphers}, which hapair refuses).
     */
    static TlsVersion minVersion(String name) {
        return TlsVersion.byName(name)
                .orElseThrow(() -> new LineError("unknown TLS version '" + name
                        + "' (expected one of SSLv3, TLSv1.0, TLSv1.1, TLSv1.2, TLSv1.3)"));
    }

    /** {@code ssl-max-ver}: below TLSv1.2 no version would be left, an error. */
    static TlsVersion version(String name) {
        TlsVersion v = TlsVersion.byName(name)
                .orElseThrow(() -> new LineError("unknown TLS version '" + name
                        + "' (expected one of SSLv3, TLSv1.0, TLSv1.1, TLSv1.2, TLSv1.3)"));
        if (!v.offered()) {
            throw new LineError("'" + name + "': hapair-proxy offers nothing below TLSv1.2");
        }
        return v;
    }
}
