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
        api.register(
                "new ssl",
                command(
                        StatsLevel.ADMIN,
                        this::newCert,
                        "  new ssl cert <certfile>             : create a new certificate file to be used in a crt-list or a directory"));
        api.register(
                "set ssl",
                command(
                        StatsLevel.ADMIN,
                        this::setCert,
                        "  set ssl cert <certfile> <payload>   : replace a certificate file"));
        api.register(
                "commit ssl",
                command(
                        StatsLevel.ADMIN,
                        this::commitCert,
                        "  commit ssl cert <certfile>          : commit a certificate file"));
        api.register(
                "abort ssl",
                command(
                        StatsLevel.ADMIN,
                        this::abortCert,
                        "  abort ssl cert <certfile>           : abort a transaction for a certificate file"));
        api.register(
                "add ssl",
                command(
                        StatsLevel.ADMIN,
                        this::addCrtList,
                        "  add ssl crt-list <list> <cert> [opts]* : add to crt-list file <list> a line <cert> or a payload"));
        api.register(
                "del ssl",
                command(
                        StatsLevel.ADMIN,
                        this::del,
                        "  del ssl cert <certfile>             : delete an unused certificate file\\n  del ssl crt-list <list> <cert[:line]> : delete a line <cert> from crt-list file <list>"));
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
