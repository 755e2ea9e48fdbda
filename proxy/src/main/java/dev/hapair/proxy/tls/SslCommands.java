package dev.hapair.proxy.tls;

import dev.hapair.proxy.config.StatsLevel;
import dev.hapair.proxy.stats.CliCommand;
import dev.hapair.proxy.stats.CliSession;
import dev.hapair.proxy.stats.RuntimeApi;
import java.util.List;
import java.util.function.Supplier;

/**
 * The runtime API's certificate commands, with HAProxy 2.6's words and outputs: {@code show ssl cert},
 * {@code new|set|commit|abort|del ssl cert}, {@code show|add|del ssl crt-list}. They act on the store of the
 * configuration running now ({@code store} follows reloads).
 */
public final class SslCommands {

    private final Supplier<CertificateStore> store;

    public SslCommands(Supplier<CertificateStore> store) {
        this.store = store;
    }

    public void registerOn(RuntimeApi api) {
        api.register("show ssl", CliCommand.of(StatsLevel.OPERATOR, null, this::show));
        api.register("new ssl", CliCommand.of(StatsLevel.ADMIN, help("new ssl cert <certfile>", NEW), this::newCert));
        api.register(
                "set ssl",
                CliCommand.of(StatsLevel.ADMIN, help("set ssl cert <certfile> <payload>", SET), this::setCert));
        api.register(
                "commit ssl",
                CliCommand.of(StatsLevel.ADMIN, help("commit ssl cert <certfile>", COMMIT), this::commitCert));
        api.register(
                "abort ssl",
                CliCommand.of(StatsLevel.ADMIN, help("abort ssl cert <certfile>", ABORT), this::abortCert));
        api.register(
                "add ssl",
                CliCommand.of(StatsLevel.ADMIN, help("add ssl crt-list <list> <cert>", ADD), this::addCrtList));
        api.register(
                "del ssl",
                CliCommand.of(
                        StatsLevel.ADMIN,
                        help("del ssl cert <certfile>", DEL_CERT) + "\n"
                                + help("del ssl crt-list <list> <cert[:line]>", DEL_LINE),
                        this::del));
    }

    private static final String NEW = "create a new certificate file to be used in a crt-list";
    private static final String SET = "replace a certificate file (payload: PEM up to an empty line)";
    private static final String COMMIT = "commit a certificate file";
    private static final String ABORT = "abort a transaction for a certificate file";
    private static final String ADD = "add a line <cert> (or a payload line) to crt-list file <list>";
    private static final String DEL_CERT = "delete an unused certificate file";
    private static final String DEL_LINE = "delete a line <cert> from crt-list file <list>";

    private static String help(String usage, String what) {
        return String.format("  %-39s : %s", usage, what);
    }

    private static String arg(List<String> w, int i) {
        return w.size() > i ? w.get(i) : "";
    }

    private String show(List<String> w, CliSession s) {
        return switch (arg(w, 2)) {
            case "cert" -> w.size() > 3
                    ? store.get().showCert(w.get(3))
                    : store.get().showCerts();
            case "crt-list" -> {
                boolean n = arg(w, 3).equals("-n");
                String list = arg(w, n ? 4 : 3);
                yield list.isEmpty() ? store.get().showCrtLists() : store.get().showCrtList(list, n);
            }
            default -> unknown(w);
        };
    }

    private String newCert(List<String> w, CliSession s) {
        if (!arg(w, 2).equals("cert")) return unknown(w);
        if (w.size() < 4) return "'new ssl cert' expects a filename\n";
        return store.get().newCert(w.get(3));
    }

    private String setCert(List<String> w, CliSession s) {
        if (!arg(w, 2).equals("cert")) return unknown(w);
        if (w.size() < 4 || s.payload() == null) {
            return "'set ssl cert expects a filename and a certificate as a payload\n";
        }
        return store.get().setCert(w.get(3), s.payload());
    }

    private String commitCert(List<String> w, CliSession s) {
        if (!arg(w, 2).equals("cert")) return unknown(w);
        if (w.size() < 4) return "'commit ssl cert expects a filename\n";
        return store.get().commitCert(w.get(3));
    }

    private String abortCert(List<String> w, CliSession s) {
        if (!arg(w, 2).equals("cert")) return unknown(w);
        if (w.size() < 4) return "'abort ssl cert' expects a filename\n";
        return store.get().abortCert(w.get(3));
    }

    private String addCrtList(List<String> w, CliSession s) {
        if (!arg(w, 2).equals("crt-list")) return unknown(w);
        if (w.size() < 4) return "'add ssl crt-list' expects a filename and a certificate name\n";
        String line;
        if (s.payload() != null) {
            List<String> lines = s.payload().lines().filter(l -> !l.isBlank()).toList();
            if (lines.size() != 1) {
                return "Can't edit the crt-list: the payload must hold exactly one crt-list line\n";
            }
            line = lines.get(0);
        } else {
            if (w.size() < 5) return "'add ssl crt-list' expects a filename and a certificate name\n";
            line = String.join(" ", w.subList(4, w.size()));
        }
        return store.get().addCrtList(w.get(3), line);
    }

    private String del(List<String> w, CliSession s) {
        return switch (arg(w, 2)) {
            case "cert" -> w.size() < 4
                    ? "'del ssl cert' expects a certificate name\n"
                    : store.get().delCert(w.get(3));
            case "crt-list" -> w.size() < 5
                    ? "'del ssl crt-list' expects a filename and a certificate name\n"
                    : store.get().delCrtList(w.get(3), w.get(4));
            default -> unknown(w);
        };
    }

    private static String unknown(List<String> w) {
        return "'" + String.join(" ", w) + "' is not supported by hapair-proxy.\n";
    }
}
