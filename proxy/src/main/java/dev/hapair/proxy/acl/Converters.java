package dev.hapair.proxy.acl;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Sample converters after a fetch ({@code hdr(host),lower}). Only case converters are supported. */
final class Converters {

    private Converters() {
    }

    static Fetcher apply(Fetcher fetcher, List<String> converters) {
        Fetcher f = fetcher;
        for (String c : converters) {
            String name = c.trim();
            boolean lower = name.equals("lower");
            if (!lower && !name.equals("upper")) {
                throw new IllegalArgumentException("converter '" + name + "' is not supported by hapair-proxy"
                        + " (supported: lower, upper)" );
            }
            if (!(f instanceof Fetcher.Strings in)) {
                throw new IllegalArgumentException("converter '" + name + "' needs a string sample");
            }
            f = (Fetcher.Strings) (r, b) -> {
                List<String> samples = in.fetch(r, b);
                List<String> out = new ArrayList<>(samples.size());
                for (String x : samples) {
                    out.add(lower ? x.toLowerCase(Locale.ROOT) : x.toUpperCase(Locale.ROOT));
                }
                return out;
            };
        }
        return f;
    }
}
