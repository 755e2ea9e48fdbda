package dev.hapair.common.config;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/**
 * "did you mean ...?" for unknown keywords and names in haproxy.cfg and keepalived.conf: the closest
 * candidate by edit distance, if close enough. Case is ignored when comparing (operators write
 * {@code Hdr_Beg}, {@code ROUNDROBIN} or {@code Virtual_Router_Id}); the candidate is returned as spelt, so
 * the hint shows the spelling the parser accepts.
 */
public final class Suggestions {
    private Suggestions() {}

    public static Optional<String> closest(String word, Collection<String> candidates) {
        String w = word.toLowerCase(Locale.ROOT);
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String c : candidates) {
            int d = distance(w, c.toLowerCase(Locale.ROOT));
            if (d < bestDistance) {
                bestDistance = d;
                best = c;
            }
        }
        // About one typo per three characters, at least two: 'virtual_routr_id' finds its keyword,
        // 'foo' does not turn into 'fall'.
        int allowed = Math.max(2, w.length() / 3);
        return best != null && bestDistance <= allowed ? Optional.of(best) : Optional.empty();
    }

    /** " (did you mean 'x'?)" or "". */
    public static String didYouMean(String word, Collection<String> candidates) {
        return closest(word, candidates)
                .map(s -> " (did you mean '" + s + "'?)")
                .orElse("");
    }

    /** Optimal string alignment distance: Levenshtein plus adjacent transposition (a common typo). */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                int v = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    v = Math.min(v, d[i - 2][j - 2] + 1);
                }
                d[i][j] = v;
            }
        }
        return d[a.length()][b.length()];
    }
}
