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
        Words<C> words = new Words<>(draft);
        t.implemented("ssl-min-ver", 1, words);
        t.implemented("ssl-max-ver", 1, words);
        t.implemented("no-tls-tickets", 0, words);
        if (bindSide) {
            t.implemented("prefer-client-ciphers", 0, words);
        }
        for (String k : new String[] {
            "no-sslv3", "no-tlsv10", "no-tlsv11", "no-tlsv12", "no-tlsv13", "force-tlsv12", "force-tlsv13"
        }) {
            t.implemented(k, 0, words);
        }
        for (String k : new String[] {"force-sslv3", "force-tlsv10", "force-tlsv11"}) {
            t.implemented(k, 0, words);
        }
    }

    /**
     * The words' handling for one table, which reaches its {@link Draft} through {@code draft}: one object per
     * table rather than a lambda per word (KeywordTable.Dispatcher says why).
     */
    private record Words<C>(java.util.function.Function<C, Draft> draft)
            implements KeywordTable.Dispatcher<OptionWord<C>> {
        @Override
        public void handle(String keyword, OptionWord<C> o, ConfigLine l) {
            switch (keyword) {
                case "ssl-min-ver" -> draft.apply(o.target()).minVer = minVersion(o.value());
                case "ssl-max-ver" -> draft.apply(o.target()).maxVer = version(o.value());
                case "no-tls-tickets" -> draft.apply(o.target()).noTlsTickets = true;
                case "prefer-client-ciphers" -> draft.apply(o.target()).preferClientCiphers = true;
                case "no-sslv3" -> draft.apply(o.target()).disabled.add(TlsVersion.SSLV3);
                case "no-tlsv10" -> draft.apply(o.target()).disabled.add(TlsVersion.TLSV10);
                case "no-tlsv11" -> draft.apply(o.target()).disabled.add(TlsVersion.TLSV11);
                case "no-tlsv12" -> draft.apply(o.target()).disabled.add(TlsVersion.TLSV12);
                case "no-tlsv13" -> draft.apply(o.target()).disabled.add(TlsVersion.TLSV13);
                case "force-tlsv12" -> force(draft.apply(o.target()), TlsVersion.TLSV12);
                case "force-tlsv13" -> force(draft.apply(o.target()), TlsVersion.TLSV13);
                case "force-sslv3", "force-tlsv10", "force-tlsv11" -> throw new LineError(
                        "hapair-proxy offers nothing below TLSv1.2");
                default -> throw KeywordTable.noCase(keyword);
            }
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
