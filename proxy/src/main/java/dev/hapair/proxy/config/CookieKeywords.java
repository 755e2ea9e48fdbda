package dev.hapair.proxy.config;

import dev.hapair.common.config.Suggestions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** {@code cookie NAME [rewrite|insert|prefix] [options]}: persistence by cookie. */
final class CookieKeywords {
    static void cookie(ProxySection s, ConfigLine l) {
        String name = l.arg(1);
        if (name.isEmpty()) {
            throw new LineError("'cookie' expects <cookie_name> as argument");
        }
        CookieConfig.Mode mode = CookieConfig.Mode.PASSIVE;
        boolean indirect = false;
        boolean nocache = false;
        boolean postonly = false;
        boolean preserve = false;
        boolean httponly = false;
        boolean secure = false;
        boolean dynamic = false;
        List<String> domains = new ArrayList<>();
        List<String> attrs = new ArrayList<>();
        Duration maxidle = null;
        Duration maxlife = null;
        List<String> w = l.from(2);
        List<String> known = List.of(
                "insert",
                "rewrite",
                "prefix",
                "indirect",
                "nocache",
                "postonly",
                "preserve",
                "httponly",
                "secure",
                "domain",
                "maxidle",
                "maxlife",
                "dynamic",
                "attr");
        for (int i = 0; i < w.size(); i++) {
            String k = w.get(i);
            switch (k) {
                case "insert" -> mode = CookieConfig.Mode.INSERT;
                case "rewrite" -> mode = CookieConfig.Mode.REWRITE;
                case "prefix" -> mode = CookieConfig.Mode.PREFIX;
                case "indirect" -> indirect = true;
                case "nocache" -> nocache = true;
                case "postonly" -> postonly = true;
                case "preserve" -> preserve = true;
                case "httponly" -> httponly = true;
                case "secure" -> secure = true;
                case "dynamic" -> throw NotSupported.error("cookie ... dynamic");
                case "domain" -> domains.add(ProxyKeywords.next(w, i++, "domain"));
                case "attr" -> attrs.add(ProxyKeywords.next(w, i++, "attr"));
                case "maxidle" -> maxidle =
                        Units.parseTime(ProxyKeywords.next(w, i++, "maxidle"), Units.TimeUnitDefault.SECONDS);
                case "maxlife" -> maxlife =
                        Units.parseTime(ProxyKeywords.next(w, i++, "maxlife"), Units.TimeUnitDefault.SECONDS);
                default -> throw new LineError(
                        "unknown 'cookie' option '" + k + "'" + Suggestions.didYouMean(k, known));
            }
        }
        if (preserve && mode != CookieConfig.Mode.INSERT) {
            // HAProxy: "preserve" only makes sense with "insert"
            s.warn(l, "'cookie " + name + "': 'preserve' is only meaningful with 'insert'");
        }
        if ((maxidle != null || maxlife != null) && mode != CookieConfig.Mode.INSERT) {
            s.warn(l, "'cookie " + name + "': 'maxidle' and 'maxlife' only apply with 'insert', ignored");
            maxidle = null;
            maxlife = null;
        }
        s.proxy.cookie = new CookieConfig(
                name,
                mode,
                indirect,
                nocache,
                postonly,
                preserve,
                httponly,
                secure,
                dynamic,
                domains,
                Optional.ofNullable(maxidle),
                Optional.ofNullable(maxlife),
                attrs,
                l.location());
    }

    private CookieKeywords() {}
}
