package dev.hapair.proxy.config;

import dev.hapair.common.config.SourceLocation;
import dev.hapair.common.config.Suggestions;
import java.util.List;
import java.util.Set;

/**
 * An {@code fcgi-app} section, checked and then unused: hapair-proxy has no FastCGI client, and the only
 * way such a section could act on traffic, {@code use-fcgi-app} (or {@code filter fcgi-app}) in a backend,
 * stays an error. Its lines are checked against HAProxy 2.6's keyword list so that a typo is still an error,
 * and a missing {@code docroot} (mandatory in HAProxy) is reported at the section's header.
 */
final class FcgiAppSection {
    private static final List<String> KEYWORDS =
            List.of("acl", "docroot", "index", "log-stderr", "pass-header", "path-info", "option", "set-param");
    private static final Set<String> OPTIONS = Set.of("get-values", "keep-conn", "max-reqs", "mpxs-conns");

    private final String name;
    private final SourceLocation at;
    private boolean docroot;

    FcgiAppSection(ConfigLine header) {
        if (header.size() != 2) throw new LineError("'fcgi-app' expects <name> as the only argument");
        this.name = header.arg(1);
        this.at = header.location();
    }

    void line(ConfigLine l) {
        String kw = l.keyword();
        boolean no = kw.equals("no");
        if (no) {
            if (l.size() != 3
                    || !l.arg(1).equals("option")
                    || l.arg(2).equals("max-reqs")
                    || !OPTIONS.contains(l.arg(2))) {
                throw new LineError("'no' in fcgi-app '" + name + "' expects 'option get-values|keep-conn|mpxs-conns'");
            }
            return;
        }
        switch (kw) {
            case "docroot", "index", "path-info" -> {
                args(l, 1, "<" + (kw.equals("docroot") ? "path" : kw.equals("index") ? "script-name" : "regex") + ">");
                if (kw.equals("docroot")) docroot = true;
                if (kw.equals("path-info")) {
                    try {
                        java.util.regex.Pattern.compile(l.arg(1));
                    } catch (java.util.regex.PatternSyntaxException e) {
                        throw new LineError("'path-info': bad regex '" + l.arg(1) + "': " + e.getDescription());
                    }
                }
            }
            case "option" -> {
                if (l.size() < 2 || !OPTIONS.contains(l.arg(1))) {
                    throw new LineError("'option' in fcgi-app '" + name + "' expects get-values, keep-conn, "
                            + "max-reqs <reqs> or mpxs-conns");
                }
                if (l.arg(1).equals("max-reqs")) {
                    args(l, 2, "max-reqs <reqs>");
                    if (Units.parseInt(l.arg(2), "'option max-reqs'") < 1) {
                        throw new LineError("'option max-reqs' expects a positive number");
                    }
                } else {
                    args(l, 1, l.arg(1) + " without argument");
                }
            }
            case "acl", "log-stderr", "pass-header" -> {
                if (l.size() < 2) throw new LineError("'" + kw + "' in fcgi-app '" + name + "' expects arguments");
            }
            case "set-param" -> {
                if (l.size() < 3) throw new LineError("'set-param' expects <name> <fmt>");
            }
            default -> throw new LineError(
                    "unknown keyword '" + kw + "' in fcgi-app '" + name + "'" + Suggestions.didYouMean(kw, KEYWORDS));
        }
    }

    private static void args(ConfigLine l, int n, String usage) {
        if (l.size() != n + 1) throw new LineError("'" + l.keyword() + "' expects " + usage);
    }

    /** The section's own error once all of it is read, or null. */
    String endError() {
        return docroot ? null : "fcgi-app '" + name + "': no 'docroot' (mandatory)";
    }

    SourceLocation location() {
        return at;
    }
}
