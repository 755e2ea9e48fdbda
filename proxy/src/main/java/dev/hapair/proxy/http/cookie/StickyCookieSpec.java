package dev.hapair.proxy.http.cookie;

import dev.hapair.proxy.config.CookieConfig;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * A backend's {@code cookie NAME [insert|rewrite|prefix] [indirect] [nocache] [postonly] [preserve]
 * [httponly] [secure] [domain D]* [maxidle T] [maxlife T] [attr A]*} line.
 *
 * @param maxIdleSeconds 0 when unset
 * @param maxLifeSeconds 0 when unset
 */
public record StickyCookieSpec(
        String name,
        Mode mode,
        boolean indirect,
        boolean nocache,
        boolean postonly,
        boolean preserve,
        boolean httponly,
        boolean secure,
        List<String> domains,
        long maxIdleSeconds,
        long maxLifeSeconds,
        List<String> attrs) {

    /** {@code PASSIVE}: no mode keyword, the cookie is only read to find the server. */
    public enum Mode {
        INSERT,
        REWRITE,
        PREFIX,
        PASSIVE
    }

    public StickyCookieSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(mode, "mode");
        domains = List.copyOf(domains);
        attrs = List.copyOf(attrs);
    }

    /** {@code cookie NAME insert indirect nocache}, the guides' usual line. */
    public static StickyCookieSpec insertIndirectNocache(String name) {
        return new StickyCookieSpec(
                name, Mode.INSERT, true, true, false, false, false, false, List.of(), 0, 0, List.of());
    }

    public static StickyCookieSpec from(CookieConfig c) {
        return new StickyCookieSpec(
                c.name(),
                Mode.valueOf(c.mode().name()),
                c.indirect(),
                c.nocache(),
                c.postonly(),
                c.preserve(),
                c.httponly(),
                c.secure(),
                c.domains(),
                c.maxidle().map(Duration::getSeconds).orElse(0L),
                c.maxlife().map(Duration::getSeconds).orElse(0L),
                c.attrs());
    }

    boolean dated() {
        return mode == Mode.INSERT && (maxIdleSeconds > 0 || maxLifeSeconds > 0);
    }
}
