package dev.hapair.proxy.tls;

import dev.hapair.proxy.config.StatsLevel;
import dev.hapair.proxy.stats.CliCommand;
import dev.hapair.proxy.stats.RuntimeApi;
import java.util.List;
import java.util.function.Supplier;

/**
 * The runtime API's CA-file and CRL-file commands, with HAProxy 2.6's words and outputs: {@code show|new|set|
 * commit|abort|del ssl ca-file} and the same for {@code crl-file}. They act on the {@link CaFileStore} of the
 * configuration running now ({@code store} follows reloads; a reload reads the files from disk again, as
 * HAProxy's does).
 */
public final class SslCaCommands {

    private final Supplier<CaFileStore> store;

    public SslCaCommands(Supplier<CaFileStore> store) {
        this.store = store;
    }

    public void registerOn(RuntimeApi api) {
        for (boolean crl : new boolean[] {false, true}) {
            String file = crl ? "crl-file" : "ca-file";
            String arg = crl ? "<crlfile>" : "<cafile>";
            String what = crl ? "CRL" : "CA";
            api.register(
                    "show ssl " + file,
                    CliCommand.of(
                            StatsLevel.OPERATOR,
                            help(
                                    "show ssl " + file + " [" + arg + "[:<index>]]",
                                    "display the SSL " + what + " files used in memory, or the details of a " + arg
                                            + ", or a single " + (crl ? "CRL" : "certificate") + " of index <index>"),
                            (w, s) -> show(crl, w)));
            api.register(
                    "set ssl " + file,
                    CliCommand.of(
                            StatsLevel.ADMIN,
                            help("set ssl " + file + " " + arg + " <payload>", "replace a " + what + " file"),
                            (w, s) -> w.size() < 4 || s.payload() == null
                                    ? "'set ssl " + file + " expects a filename and " + (crl ? "CRLs" : "CAs")
                                            + " as a payload\n"
                                    : store.get().set(crl, name(w), s.payload())));
            admin(
                    api,
                    "new",
                    file,
                    arg,
                    "create a new " + what + " file to be used in a crt-list",
                    "' expects a filename\n",
                    n -> store.get().create(crl, n));
            admin(api, "commit", file, arg, "commit a " + what + " file", " expects a filename\n", n -> store.get()
                    .commit(crl, n));
            admin(
                    api,
                    "abort",
                    file,
                    arg,
                    "abort a transaction for a " + what + " file",
                    "' expects a filename\n",
                    n -> store.get().abort(crl, n));
            admin(
                    api,
                    "del",
                    file,
                    arg,
                    "delete an unused " + what + " file",
                    "' expects a " + what + " file name\n",
                    n -> store.get().delete(crl, n));
        }
    }

    /**
     * An admin command {@code <verb> ssl <file> <name>}; without a name it answers HAProxy's usage line
     * ({@code '<verb> ssl <file>} followed by {@code usage}, whose quote placement differs per command in HAProxy).
     */
    private static void admin(
            RuntimeApi api,
            String verb,
            String file,
            String arg,
            String what,
            String usage,
            java.util.function.Function<String, String> action) {
        api.register(
                verb + " ssl " + file,
                CliCommand.of(
                        StatsLevel.ADMIN,
                        help(verb + " ssl " + file + " " + arg, what),
                        (w, s) -> w.size() < 4 ? "'" + verb + " ssl " + file + usage : action.apply(name(w))));
    }

    private String show(boolean crl, List<String> w) {
        return w.size() < 4 ? store.get().list(crl) : store.get().details(crl, name(w));
    }

    /**
     * The file argument with HAProxy's CLI escapes undone: a backslash makes the next character literal (the
     * reg-tests write {@code \*name} for a transaction's file).
     */
    static String name(List<String> w) {
        String a = w.get(3);
        StringBuilder sb = new StringBuilder(a.length());
        for (int i = 0; i < a.length(); i++) {
            char c = a.charAt(i);
            if (c == '\\' && i + 1 < a.length()) {
                c = a.charAt(++i);
            }
            sb.append(c);
        }
        return sb.toString();
    }

    private static String help(String usage, String what) {
        return String.format("  %-39s : %s", usage, what);
    }
}
