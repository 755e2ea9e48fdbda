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
                    "new ssl " + file,
                    CliCommand.of(
                            StatsLevel.ADMIN,
                            help(
                                    "new ssl " + file + " " + arg,
                                    "create a new " + what + " file to be used in a crt-list"),
                            (w, s) -> w.size() < 4
                                    ? "'new ssl " + file + "' expects a filename\n"
                                    : store.get().create(crl, name(w))));
            api.register(
                    "set ssl " + file,
                    CliCommand.of(
                            StatsLevel.ADMIN,
                            help("set ssl " + file + " " + arg + " <payload>", "replace a " + what + " file"),
                            (w, s) -> w.size() < 4 || s.payload() == null
                                    ? "'set ssl " + file + " expects a filename and " + (crl ? "CRLs" : "CAs")
                                            + " as a payload\n"
                                    : store.get().set(crl, name(w), s.payload())));
            api.register(
                    "commit ssl " + file,
                    CliCommand.of(
                            StatsLevel.ADMIN,
                            help("commit ssl " + file + " " + arg, "commit a " + what + " file"),
                            (w, s) -> w.size() < 4
                                    ? "'commit ssl " + file + " expects a filename\n"
                                    : store.get().commit(crl, name(w))));
            api.register(
                    "abort ssl " + file,
                    CliCommand.of(
                            StatsLevel.ADMIN,
                            help("abort ssl " + file + " " + arg, "abort a transaction for a " + what + " file"),
                            (w, s) -> w.size() < 4
                                    ? "'abort ssl " + file + "' expects a filename\n"
                                    : store.get().abort(crl, name(w))));
            api.register(
                    "del ssl " + file,
                    CliCommand.of(
                            StatsLevel.ADMIN,
                            help("del ssl " + file + " " + arg, "delete an unused " + what + " file"),
                            (w, s) -> w.size() < 4
                                    ? "'del ssl " + file + "' expects a " + what + " file name\n"
                                    : store.get().delete(crl, name(w))));
        }
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
