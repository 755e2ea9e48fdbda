package dev.hapair.proxy.stats;

import dev.hapair.proxy.backend.AdminFlag;
import dev.hapair.proxy.backend.BackendRuntime;
import dev.hapair.proxy.backend.ServerOptions;
import dev.hapair.proxy.backend.ServerRuntime;
import dev.hapair.proxy.config.StatsLevel;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * HAProxy's runtime API (the {@code stats socket} CLI) as plain text in, plain text out, independent of
 * the socket: {@link #execute} takes one line (several commands separated by {@code ;}) and returns what
 * the socket writes back. Levels as the brief of this project defines them: {@code user} may only read,
 * {@code operator} may also change server states and weights, {@code admin} may also add and delete
 * servers; anything above the session's level answers HAProxy's {@code Permission denied}.
 */
public final class RuntimeApi {
    static final String PERMISSION_DENIED = "Permission denied\n";

    /** Called for {@code add server ... check}: starts health checks of the new server; null = unsupported. */
    public interface CheckStarter {
        void start(BackendRuntime backend, ServerRuntime server);

        /** The server was deleted: stop its check. */
        default void stop(BackendRuntime backend, ServerRuntime server) {}

        /** {@code disable health}: stops the server's check; false when it has none. */
        default boolean pause(ServerRuntime server) {
            return false;
        }

        /** {@code enable health}: restarts the server's check; false when it has none. */
        default boolean resume(ServerRuntime server) {
            return false;
        }

        /**
         * Moves the server's check to {@code address} (null = keep) and {@code port} (0 = keep); with {@code
         * followServer} (the server itself moved) only where the check has no address / port of its own.
         * False when the server has no check.
         */
        default boolean retarget(ServerRuntime server, java.net.InetAddress address, int port, boolean followServer) {
            return false;
        }
    }

    /**
     * The TLS keywords of {@code add server} ({@code ssl}, {@code crt}, {@code verify}...): read, built and
     * attached to the new server, whose client certificate then belongs to the certificate store.
     */
    public interface ServerTlsSetup {
        /** How many values follow TLS keyword {@code keyword}; -1 when it is not one. */
        int arity(String keyword);

        /** Gives {@code server} the TLS of {@code words} before it joins {@code backend}; an error or null. */
        String configure(BackendRuntime backend, ServerRuntime server, List<String> words);

        /** {@code server} joined its backend ({@code add server} succeeded). */
        void added(ServerRuntime server);

        /** {@code server} was deleted: its client certificate is no longer used by it. */
        void removed(ServerRuntime server);
    }

    private volatile ServerTlsSetup serverTls;

    /** Enables the TLS keywords of {@code add server} (without this they are refused). */
    public void serverTls(ServerTlsSetup setup) {
        this.serverTls = setup;
    }

    private final StatsSnapshot snapshot;
    private final AdminCommands admin;
    private final SessionCommands sessions;
    private final LongSupplier clockMillis;
    private final CheckStarter checks;
    private final Map<String, CliCommand> extra = new ConcurrentHashMap<>();

    public RuntimeApi(StatsSnapshot snapshot, LongSupplier clockMillis, CheckStarter checks) {
        this.snapshot = snapshot;
        this.admin = new AdminCommands(snapshot);
        this.sessions = new SessionCommands(snapshot);
        this.clockMillis = clockMillis;
        this.checks = checks;
    }

    /** Gives the API hold of the listeners ({@code disable|enable|shutdown frontend}, {@code set maxconn}). */
    public void frontendControl(dev.hapair.proxy.backend.FrontendControl control) {
        admin.frontendControl(control);
    }

    /** Gives the API hold of the client connections ({@code show sess}, {@code shutdown session(s)}). */
    public void sessionTable(dev.hapair.proxy.backend.SessionTable table) {
        sessions.table(table);
    }

    /**
     * Adds a command named by its first word (e.g. {@code _getsocks}, the hook for fd passing on reload), its
     * first two words ({@code set map}) or three ({@code show ssl ca-file}); the longest name wins, and all take
     * precedence over the built-in commands.
     */
    public void register(String firstWord, CliCommand command) {
        extra.put(firstWord, command);
    }

    /**
     * Set while the daemon is still registering its commands after the stats sockets opened: a command that
     * arrives then waits for them (bounded), instead of being answered as unknown.
     */
    private volatile java.util.concurrent.CountDownLatch registering;

    /** Holds commands until {@link #commandsRegistered()}; called before the sockets open. */
    public void holdUntilRegistered() {
        registering = new java.util.concurrent.CountDownLatch(1);
    }

    /** Every command is registered: held commands run. */
    public void commandsRegistered() {
        java.util.concurrent.CountDownLatch l = registering;
        registering = null;
        if (l != null) l.countDown();
    }

    private void awaitRegistered() {
        java.util.concurrent.CountDownLatch l = registering;
        if (l == null) return;
        try {
            // only in the first moments of a start: the registrations take milliseconds
            l.await(10, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Runs every {@code ;}-separated command of {@code line}; each answer ends with an empty line unless interactive. */
    public String execute(String line, CliSession session) {
        return execute(line, session.payload(), session);
    }

    /**
     * Runs {@code line} with a payload (the lines sent after a command line ending with {@code <<}); the
     * payload goes to the last command of the line.
     */
    public String execute(String line, String payload, CliSession session) {
        awaitRegistered();
        StringBuilder out = new StringBuilder();
        List<String> cmds = splitCommands(line);
        for (int i = 0; i < cmds.size(); i++) {
            List<String> w = words(cmds.get(i));
            if (w.isEmpty()) continue;
            session.payload(i == cmds.size() - 1 ? payload : null);
            try {
                out.append(run(w, session));
            } finally {
                session.payload(null);
            }
            if (session.quit()) break;
            if (!session.interactive()) out.append('\n');
        }
        return out.toString();
    }

    static List<String> splitCommands(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\\' && i + 1 < line.length() && line.charAt(i + 1) == ';') {
                cur.append(';');
                i++;
            } else if (c == ';') {
                out.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        out.add(cur.toString());
        return out;
    }

    /**
     * The arguments of one command as HAProxy's CLI reads them: separated by spaces and tabs, where a backslash
     * makes the next character part of the argument and is removed: {@code add acl f Mon\ User\ Agent} has
     * the pattern "Mon User Agent", and two backslashes are one.
     */
    static List<String> words(String cmd) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = null;
        for (int i = 0; i < cmd.length(); i++) {
            char c = cmd.charAt(i);
            if (c == ' ' || c == '\t') {
                if (cur != null) {
                    out.add(cur.toString());
                    cur = null;
                }
                continue;
            }
            if (cur == null) {
                cur = new StringBuilder();
            }
            if (c == '\\') {
                if (i + 1 < cmd.length()) {
                    cur.append(cmd.charAt(++i));
                }
                continue;
            }
            cur.append(c);
        }
        if (cur != null) {
            out.add(cur.toString());
        }
        return out;
    }

    private String run(List<String> w, CliSession s) {
        String c0 = w.get(0);
        String c1 = w.size() > 1 ? w.get(1) : "";
        CliCommand ext = w.size() > 2 ? extra.get(c0 + " " + c1 + " " + w.get(2)) : null;
        if (ext == null) ext = extra.get(c0 + " " + c1);
        if (ext == null) ext = extra.get(c0);
        if (ext != null) return s.level().allows(ext.level()) ? ext.run(w, s) : PERMISSION_DENIED;
        switch (c0) {
            case "help":
                return help();
            case "operator":
            case "user": {
                // lowers the session's level, never raises it (HAProxy 2.6's words)
                StatsLevel to = c0.equals("user") ? StatsLevel.USER : StatsLevel.OPERATOR;
                if (!s.level().allows(to)) return PERMISSION_DENIED;
                s.level(to);
                return "";
            }
            case "expert-mode":
                if (!s.level().allows(StatsLevel.ADMIN)) return PERMISSION_DENIED;
                if (c1.isEmpty()) return "expert-mode is " + (s.expert() ? "ON" : "OFF") + "\n";
                if (c1.equals("on") || c1.equals("off")) s.expert(c1.equals("on"));
                return "";
            case "prompt":
                s.interactive(!s.interactive());
                return "";
            case "quit":
                s.quit(true);
                return "";
            case "show":
                return switch (c1) {
                    case "info" -> showInfo(w.size() > 2 ? w.get(2) : "");
                    case "stat" -> w.size() > 2 && w.get(2).equals("json")
                            ? JsonRenderer.render(snapshot.rows())
                            : w.size() > 2 && w.get(2).equals("typed")
                                    ? JsonRenderer.typed(snapshot.rows())
                                    : CsvRenderer.render(snapshot.rows()).stripTrailing() + "\n";
                    case "backend" -> showBackend();
                    case "errors" -> admin.showErrors();
                    case "sess" -> s.level().allows(StatsLevel.OPERATOR) ? sessions.show(w) : PERMISSION_DENIED;
                    case "activity" -> sessions.activity();
                    case "cli" -> w.size() > 2 && w.get(2).equals("level")
                            ? s.level().keyword() + "\n"
                            : unknown(w);
                    case "table" -> admin.showTable(w);
                    case "servers" -> w.size() > 2 && w.get(2).equals("state")
                            ? showServersState(w.size() > 3 ? w.get(3) : null)
                            : unknown(w);
                    default -> unknown(w);
                };
            case "get":
                if (c1.equals("weight")) return getWeight(w);
                return unknown(w);
            case "clear":
                if (!c1.equals("counters")) return unknown(w);
                boolean all = w.size() > 2 && w.get(2).equals("all");
                if (!s.level().allows(all ? StatsLevel.ADMIN : StatsLevel.OPERATOR)) return PERMISSION_DENIED;
                sessions.table().clearActivity();
                return admin.clearCounters(all);
            case "shutdown":
                if (!s.level().allows(StatsLevel.ADMIN)) return PERMISSION_DENIED;
                if (c1.equals("frontend")) return admin.frontend("shutdown", w);
                if (c1.equals("session")) return sessions.shutdown(w);
                if (c1.equals("sessions")) {
                    if (w.size() < 3 || !w.get(2).equals("server")) return unknown(w);
                    Target t = target(w, 3, true);
                    return t.error() != null ? t.error() : sessions.shutdownServer(t.server());
                }
                return unknown(w);
            case "enable":
            case "disable":
                if (c1.equals("frontend")) {
                    if (!s.level().allows(StatsLevel.ADMIN)) return PERMISSION_DENIED;
                    return admin.frontend(c0, w);
                }
                if (c1.equals("health") || c1.equals("agent")) {
                    if (!s.level().allows(StatsLevel.ADMIN)) return PERMISSION_DENIED;
                    return c1.equals("health") ? health(w, c0.equals("enable")) : agent(w, c0.equals("enable"));
                }
                if (!c1.equals("server")) return unknown(w);
                if (!s.level().allows(StatsLevel.OPERATOR)) return PERMISSION_DENIED;
                return enableDisable(w, c0.equals("enable"));
            case "set":
                if (c1.equals("maxconn")) {
                    if (!s.level().allows(StatsLevel.ADMIN)) return PERMISSION_DENIED;
                    if (w.size() > 2 && w.get(2).equals("server")) return setServerMaxconn(w);
                    return admin.setMaxconn(w);
                }
                if (c1.equals("weight")) {
                    if (!s.level().allows(StatsLevel.OPERATOR)) return PERMISSION_DENIED;
                    return setWeight(w, 2);
                }
                if (c1.equals("server")) {
                    if (!s.level().allows(StatsLevel.OPERATOR)) return PERMISSION_DENIED;
                    return setServer(w);
                }
                return unknown(w);
            case "add":
                if (!c1.equals("server")) return unknown(w);
                if (!s.level().allows(StatsLevel.ADMIN)) return PERMISSION_DENIED;
                return addServer(w);
            case "del":
                if (!c1.equals("server")) return unknown(w);
                if (!s.level().allows(StatsLevel.ADMIN)) return PERMISSION_DENIED;
                return delServer(w);
            default:
                return unknown(w);
        }
    }

    private String unknown(List<String> w) {
        return "Unknown command: '" + String.join(" ", w) + "'\n" + help();
    }

    String help() {
        StringBuilder sb = new StringBuilder("The following commands are valid at this level:\n");
        sb.append("  help                                    : full commands list\n")
                .append(
                        "  operator                                : lower the level of the current CLI session to operator\n")
                .append(
                        "  user                                    : lower the level of the current CLI session to user\n")
                .append("  show cli level                          : display the level of the current CLI session\n")
                .append("  prompt                                  : toggle interactive mode with prompt\n")
                .append("  quit                                    : disconnect\n")
                .append("  show info                               : report information about the running process\n")
                .append("  show stat [json]                        : report counters for each proxy and server\n")
                .append("  show servers state [<backend>]          : dump volatile server information\n")
                .append("  show backend                            : list backends in the current running config\n")
                .append(
                        "  show errors                             : report last request and response errors for each proxy\n")
                .append(
                        "  show table                              : report table usage stats (no stick tables in hapair)\n")
                .append("  show sess [<id>|all]                    : report the list of current sessions or dump one\n")
                .append(
                        "  show activity                           : show per-thread activity stats (accepted connections)\n")
                .append("  shutdown session <id>                   : kill a specific session\n")
                .append("  shutdown sessions server <bk>/<srv>     : kill sessions on a server\n")
                .append("  clear counters [all]                    : clear max statistics counters (or all counters)\n")
                .append("  disable|enable frontend <fe>            : stop|resume accepting on a frontend's listeners\n")
                .append(
                        "  shutdown frontend <fe>                  : close a frontend's listeners until the next reload\n")
                .append("  set maxconn frontend <fe> <n>           : change a frontend's maxconn\n")
                .append("  set maxconn global <n>                  : change the process-wide maxconn\n")
                .append("  set maxconn server <bk>/<srv> <n>       : change a server's maxconn (0 = no limit)\n")
                .append("  disable|enable health <bk>/<srv>        : stop|resume a server's health checks\n")
                .append("  disable|enable agent <bk>/<srv>         : (no agent checks in hapair)\n")
                .append("  get weight <bk>/<srv>                   : report a server's current weight\n")
                .append(
                        "  disable server <bk>/<srv>               : disable a server for maintenance (use 'set server' instead)\n")
                .append(
                        "  enable server <bk>/<srv>                : enable a disabled server (use 'set server' instead)\n")
                .append(
                        "  set server <bk>/<srv> state|weight <v>  : change a server's state (ready|drain|maint) or weight\n")
                .append(
                        "  set server <bk>/<srv> health up|stopping|down : force a server's health until the next check verdict\n")
                .append("  set server <bk>/<srv> addr <ip> [port <p>]     : change a server's address and port\n")
                .append("  set server <bk>/<srv> check-addr <ip> [port <p>] | check-port <p> : move its health check\n")
                .append("  set weight <bk>/<srv> (<w>|<w>%)        : change a server's weight (deprecated)\n")
                .append(
                        "  add server <bk>/<srv> <addr:port> [weight <w>] [backup] [maxconn <n>] [cookie <c>] [check]\n")
                .append("                                          : create a new server (starts in maintenance)\n")
                .append(
                        "  del server <bk>/<srv>                   : remove a server in maintenance without connections\n");
        for (CliCommand c : extra.values())
            if (c.help() != null) sb.append(c.help()).append('\n');
        return sb.toString();
    }

    /** {@code show info [typed|json]}: HAProxy 2.6's fields, order and formats ({@link InfoRenderer}). */
    private String showInfo(String format) {
        var values = InfoRenderer.values(snapshot, false);
        return switch (format) {
            case "typed" -> InfoRenderer.typed(values);
            case "json" -> InfoRenderer.json(values);
            default -> InfoRenderer.plain(values);
        };
    }

    private String showBackend() {
        StringBuilder sb = new StringBuilder("# name\n");
        for (String b : snapshot.backends().keySet()) sb.append(b).append('\n');
        return sb.toString();
    }

    /** HAProxy's {@code show servers state} version 1 layout (the file {@code load-server-state-from-file} reads). */
    private String showServersState(String only) {
        if (only != null && !snapshot.backends().containsKey(only)) return "Can't find backend.\n";
        StringBuilder sb = new StringBuilder("1\n# be_id be_name srv_id srv_name srv_addr srv_op_state srv_admin_state "
                + "srv_uweight srv_iweight srv_time_since_last_change srv_check_status srv_check_result srv_check_health "
                + "srv_check_state srv_agent_state bk_f_forced_id srv_f_forced_id srv_fqdn srv_port srvrecord srv_use_ssl "
                + "srv_check_port srv_check_addr srv_agent_addr srv_agent_port\n");
        for (StatsSnapshot.Proxy px : snapshot.proxies()) {
            BackendRuntime b = px.backend();
            if (b == null || (only != null && !only.equals(b.name()))) continue;
            for (ServerRuntime s : b.servers()) {
                var flags = s.adminFlags();
                int admin = (flags.contains(AdminFlag.MAINT) ? 0x01 : 0) | (flags.contains(AdminFlag.DRAIN) ? 0x08 : 0);
                int op = s.usable() ? 2 : 0;
                var lc = s.lastCheck();
                // CHK_RES_*: unknown 0, failed 2, passed 3, conditionally passed 4
                int result = lc.status().isEmpty()
                        ? 0
                        : lc.status().equals("L7OKC") ? 4 : lc.status().endsWith("OK") ? 3 : 2;
                // CHK_ST_CONFIGURED (2), plus CHK_ST_ENABLED (4) unless "disable health" paused it, plus
                // CHK_ST_PAUSED (8) in maintenance, where HAProxy runs no check
                int checkState =
                        s.options().check() ? (s.checked() ? 6 : 2) | (flags.contains(AdminFlag.MAINT) ? 8 : 0) : 0;
                String addr = s.connectAddress(0).getAddress() != null
                        ? s.connectAddress(0).getAddress().getHostAddress()
                        : s.host();
                sb.append(px.iid())
                        .append(' ')
                        .append(b.name())
                        .append(' ')
                        .append(s.id())
                        .append(' ')
                        .append(s.name())
                        .append(' ')
                        .append(addr)
                        .append(' ')
                        .append(op)
                        .append(' ')
                        .append(admin)
                        .append(' ')
                        .append(s.userWeight())
                        .append(' ')
                        .append(s.options().weight())
                        .append(' ')
                        .append(s.millisInState() / 1000)
                        .append(' ')
                        .append(CheckStates.stateFileCode(lc.status()))
                        .append(' ')
                        .append(result)
                        .append(' ')
                        .append(s.checkHealth())
                        .append(' ')
                        .append(checkState)
                        .append(" 0 0 0 - ")
                        .append(s.port())
                        .append(" - 0 0 - - 0\n");
            }
        }
        return sb.toString();
    }

    /** A {@code backend/server} argument resolved, or the error text to answer. */
    private record Target(BackendRuntime backend, ServerRuntime server, String error) {}

    private Target target(List<String> w, int i, boolean mustExist) {
        if (w.size() <= i || w.get(i).indexOf('/') <= 0) return new Target(null, null, "Require 'backend/server'.\n");
        String arg = w.get(i);
        int slash = arg.indexOf('/');
        BackendRuntime b = snapshot.backends().get(arg.substring(0, slash));
        if (b == null) return new Target(null, null, "No such backend.\n");
        ServerRuntime s = b.server(arg.substring(slash + 1));
        if (s == null && mustExist) return new Target(b, null, "No such server.\n");
        return new Target(b, s, null);
    }

    private String getWeight(List<String> w) {
        Target t = target(w, 2, true);
        if (t.error() != null) return t.error();
        return t.server().userWeight() + " (initial " + t.server().options().weight() + ")\n";
    }

    private String enableDisable(List<String> w, boolean enable) {
        Target t = target(w, 2, true);
        if (t.error() != null) return t.error();
        ServerControl.setState(t.server(), enable ? ServerControl.State.READY : ServerControl.State.MAINT);
        return "";
    }

    private String setWeight(List<String> w, int at) {
        Target t = target(w, at, true);
        if (t.error() != null) return t.error();
        if (w.size() <= at + 1) return "Require <weight> or <weight%>.\n";
        String err = ServerControl.setWeight(t.server(), w.get(at + 1));
        return err == null ? "" : err;
    }

    private String setServer(List<String> w) {
        Target t = target(w, 2, true);
        if (t.error() != null) return t.error();
        String what = w.size() > 3 ? w.get(3) : "";
        switch (what) {
            case "state": {
                ServerControl.State st = w.size() > 4 ? ServerControl.State.parse(w.get(4)) : null;
                if (st == null) return "'set server <srv> state' expects 'ready', 'drain' and 'maint'.\n";
                ServerControl.setState(t.server(), st);
                return "";
            }
            case "weight":
                return w.size() > 4 ? setWeightFrom(t, w.get(4)) : "Require <weight> or <weight%>.\n";
            case "addr": {
                String answer = AdminCommands.setAddr(t.server(), w);
                if (checks != null && t.server().connectAddress(0).getAddress() != null) {
                    checks.retarget(
                            t.server(),
                            t.server().connectAddress(0).getAddress(),
                            t.server().port(),
                            true);
                }
                return answer;
            }
            case "health":
                return AdminCommands.setHealth(t.server(), w);
            case "check-port":
                return setCheckPort(t.server(), w);
            case "agent", "agent-addr", "agent-port", "agent-send":
                return "agent checks are not enabled on this server.\n"; // none has one here (see agent())
            case "fqdn":
                // a server's name is resolved once, at start; changing it at run time needs a 'resolvers'
                // section, which hapair does not have: HAProxy's answer for a server without one
                return "set server <b>/<s> fqdn failed because no resolution is configured.\n";
            case "check-addr":
                return setCheckAddr(t.server(), w);
            case "ssl":
                return "'set server <srv> ssl' is not supported by hapair-proxy (servers are plain TCP).\n";
            default:
                return "usage: set server <backend>/<server> addr | agent | agent-addr | agent-port | agent-send"
                        + " | check-addr | check-port | fqdn | health | ssl | state | weight\n";
        }
    }

    /** {@code set maxconn server <b>/<s> <n>}: the server's limit from the next connection on (0 = none). */
    private String setServerMaxconn(List<String> w) {
        Target t = target(w, 3, true);
        if (t.error() != null) return t.error();
        if (w.size() < 5) return "Require <maxconn>.\n";
        int n;
        try {
            n = Integer.parseInt(w.get(4));
        } catch (NumberFormatException e) {
            return "maxconn string empty or preceded by garbage";
        }
        // HAProxy 2.6 takes a negative value as a huge limit; here it is refused
        if (n < 0) return "maxconn must be 0 (no limit) or more.\n";
        t.server().setMaxconn(n);
        return "";
    }

    /** {@code enable|disable health <b>/<s>}: HAProxy's answers, including for a server without a check. */
    private String health(List<String> w, boolean enable) {
        Target t = target(w, 2, true);
        if (t.error() != null) return t.error();
        if (!t.server().options().check() || checks == null) {
            return enable ? "Health check was not configured on this server, cannot enable.\n" : "";
        }
        if (enable) checks.resume(t.server());
        else checks.pause(t.server());
        return "";
    }

    /**
     * {@code enable|disable agent <b>/<s>}: hapair has no agent checks ({@code agent-check} is refused in the
     * configuration), so no server has one: HAProxy's answers for such a server.
     */
    private String agent(List<String> w, boolean enable) {
        Target t = target(w, 2, true);
        if (t.error() != null) return t.error();
        return enable ? "Agent was not configured on this server, cannot enable.\n" : "";
    }

    /** {@code set server <b>/<s> check-addr <ip> [port <port>]}. */
    private String setCheckAddr(ServerRuntime s, List<String> w) {
        java.net.InetAddress a = w.size() > 4 ? AdminCommands.literal(w.get(4)) : null;
        if (a == null) return "invalid addr '" + (w.size() > 4 ? w.get(4) : "") + "'";
        int port = 0;
        if (w.size() > 6 && w.get(5).equals("port")) {
            try {
                port = Integer.parseInt(w.get(6));
            } catch (NumberFormatException e) {
                return "provided port is not an integer";
            }
            if (port < 0 || port > 65535) return "provided port is invalid";
        }
        if (!s.options().check() || checks == null) return "health checks are not enabled on this server";
        checks.retarget(s, a, port, false);
        return "";
    }

    /** {@code set server <b>/<s> check-port <port>}. */
    private String setCheckPort(ServerRuntime s, List<String> w) {
        if (w.size() < 5) return "provided port is not an integer";
        int port;
        try {
            port = Integer.parseInt(w.get(4));
        } catch (NumberFormatException e) {
            return "provided port is not an integer";
        }
        if (port < 0 || port > 65535) return "provided port is invalid";
        if (!s.options().check() || checks == null) return "health checks are not enabled on this server";
        if (port > 0) checks.retarget(s, null, port, false);
        return "";
    }

    private String setWeightFrom(Target t, String value) {
        String err = ServerControl.setWeight(t.server(), value);
        return err == null ? "" : err;
    }

    private String addServer(List<String> w) {
        Target t = target(w, 2, false);
        if (t.error() != null) return t.error();
        if (!t.backend().algorithm().dynamic()) {
            return "Backend must use a dynamic load balancing to support dynamic servers.\n";
        }
        if (t.server() != null) return "Already exists a server with the same name in backend.\n";
        if (w.size() < 4) return "'server' expects <name> and <addr>[:<port>] as arguments.\n";
        String name = w.get(2).substring(w.get(2).indexOf('/') + 1);
        String addr = w.get(3);
        int colon = addr.lastIndexOf(':');
        String host = addr;
        int port = 0;
        boolean unix = addr.startsWith("/") || addr.startsWith("unix@") || addr.startsWith("abns@");
        boolean hasPort =
                !unix && (addr.startsWith("[") ? addr.contains("]:") : colon > 0 && addr.indexOf(':') == colon);
        if (unix) {
            host = addr.startsWith("/") ? dev.hapair.proxy.config.ServerConfig.UNIX_PREFIX + addr : addr;
        }
        if (hasPort) {
            host = addr.substring(0, colon);
            try {
                port = Integer.parseInt(addr.substring(colon + 1));
            } catch (NumberFormatException e) {
                return "invalid port '" + addr.substring(colon + 1) + "'.\n";
            }
        }
        if (host.startsWith("[") && host.endsWith("]")) host = host.substring(1, host.length() - 1);
        int weight = 1, maxconn = 0, id = 0;
        boolean backup = false, check = false;
        String cookie = null;
        for (ServerRuntime s : t.backend().servers()) id = Math.max(id, s.id());
        List<String> tlsWords = new ArrayList<>();
        ServerTlsSetup tlsSetup = serverTls;
        for (int i = 4; i < w.size(); i++) {
            String k = w.get(i).toLowerCase(Locale.ROOT);
            int tlsArity = tlsSetup == null ? -1 : tlsSetup.arity(k);
            if (tlsArity >= 0) {
                if (i + tlsArity >= w.size()) return "'" + k + "' expects a value.\n";
                tlsWords.addAll(w.subList(i, i + 1 + tlsArity));
                i += tlsArity;
                continue;
            }
            try {
                switch (k) {
                    case "weight" -> weight = Integer.parseInt(w.get(++i));
                    case "maxconn" -> maxconn = Integer.parseInt(w.get(++i));
                    case "cookie" -> cookie = w.get(++i);
                    case "backup" -> backup = true;
                    case "check" -> check = true;
                    default -> {
                        return "'" + w.get(i) + "' is not supported by 'add server'.\n";
                    }
                }
            } catch (IndexOutOfBoundsException | NumberFormatException e) {
                return "'" + k + "' expects a number as argument.\n";
            }
        }
        if (weight < 0 || weight > 256) return "weight of server " + name + " is not within 0 and 256.\n";
        if (check && checks == null) return "'check' is not supported for servers added at run time.\n";
        ServerOptions o = new ServerOptions(
                weight, maxconn, 0, backup, cookie, check, true, ServerOptions.IDLE_POOL_PER_LOOP, id + 1);
        if (unix && check) return "health checks of unix socket servers are not supported by hapair-proxy.\n";
        ServerRuntime s = new ServerRuntime(name, host, port, o, clockMillis);
        if (!unix) {
            try {
                s.resolve();
            } catch (java.net.UnknownHostException e) {
                return "could not resolve address '" + host + "'.\n";
            }
        }
        if (!tlsWords.isEmpty()) {
            String err = tlsSetup.configure(t.backend(), s, tlsWords);
            if (err != null) return err.endsWith("\n") ? err : err + "\n";
        }
        if (!t.backend().addServer(s)) return "Already exists a server with the same name in backend.\n";
        if (tlsSetup != null) tlsSetup.added(s);
        if (check) checks.start(t.backend(), s);
        return "New server registered.\n";
    }

    private String delServer(List<String> w) {
        Target t = target(w, 2, true);
        if (t.error() != null) return t.error();
        if (!t.server().adminFlags().contains(AdminFlag.MAINT))
            return "Only servers in maintenance mode can be deleted.\n";
        if (!t.backend().removeServer(t.server()))
            return "Server still has connections attached to it, cannot remove it.\n";
        if (checks != null) checks.stop(t.backend(), t.server());
        ServerTlsSetup tlsSetup = serverTls;
        if (tlsSetup != null) tlsSetup.removed(t.server());
        return "Server deleted.\n";
    }
}
