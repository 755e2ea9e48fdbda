package dev.hapair.vrrp.plan;

import dev.hapair.vrrp.config.ConfigResult;
import dev.hapair.vrrp.config.Diagnostic;
import dev.hapair.vrrp.config.KeepalivedConfigParser;
import java.io.IOException;
import java.io.PrintStream;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code hapair-vrrp plan --node NAME,IFACE,ADDR ... --vip ADDR/PREFIX ...}: prints (or writes with
 * {@code --out DIR}) the keepalived.conf of every node of an N-way active-active layout. Every generated file
 * is parsed by hapair's own parser before it is shown, so what comes out passes {@code hapair-vrrp -t}.
 */
public final class PlanCommand {
    public static final String USAGE = String.join(
            "\n",
            "Usage: hapair-vrrp plan --node NAME,IFACE,ADDR --node ... --vip ADDR/PREFIX --vip ... [options]",
            "  one --vip per --node: node i is MASTER of VIP i and BACKUP of the others; a failed node's VIP",
            "  goes to the next node in the list (wrapping), and comes back when the node does",
            "  --first-vrid N        VRID of the first VIP, the others follow (default 51)",
            "  --advert-int S        advert_int in seconds (default 1)",
            "  --proxy-pidfile PATH  the local proxy's pid file to track (default /run/hapair/hapair-proxy.pid)",
            "  --auth-pass PASS      PASS authentication (1..8 characters)",
            "  --unicast             unicast_src_ip/unicast_peer instead of multicast",
            "  --out DIR             write DIR/keepalived-NAME.conf for each node instead of printing them");

    private PlanCommand() {}

    public static int run(List<String> args, PrintStream out, PrintStream err) {
        List<PlanNode> nodes = new ArrayList<>();
        List<PlanVip> vips = new ArrayList<>();
        int firstVrid = PlanOptions.DEFAULT_FIRST_VRID;
        int advertInt = 1;
        Path pidfile = PlanOptions.DEFAULT_PROXY_PIDFILE;
        Optional<String> authPass = Optional.empty();
        boolean unicast = false;
        Path outDir = null;
        ActiveActivePlan plan;
        try {
            for (int i = 0; i < args.size(); i++) {
                String a = args.get(i);
                switch (a) {
                    case "-h", "--help" -> {
                        out.println(USAGE);
                        return 0;
                    }
                    case "--node" -> nodes.add(node(value(args, i++, a)));
                    case "--vip" -> vips.add(vip(value(args, i++, a)));
                    case "--first-vrid" -> firstVrid = integer(value(args, i++, a), a);
                    case "--advert-int" -> advertInt = integer(value(args, i++, a), a);
                    case "--proxy-pidfile" -> pidfile = Path.of(value(args, i++, a));
                    case "--auth-pass" -> authPass = Optional.of(value(args, i++, a));
                    case "--unicast" -> unicast = true;
                    case "--out" -> outDir = Path.of(value(args, i++, a));
                    default -> throw new IllegalArgumentException("unknown argument '" + a + "'");
                }
            }
            plan = new ActiveActivePlan(nodes, vips, new PlanOptions(firstVrid, advertInt, pidfile, authPass, unicast));
        } catch (IllegalArgumentException e) {
            err.println("hapair-vrrp plan: " + e.getMessage());
            err.println(USAGE);
            return 2;
        }
        List<String> texts = new ArrayList<>();
        for (int n = 0; n < plan.nodes().size(); n++) {
            String text = PlanWriter.render(plan, n);
            String name = fileName(plan.nodes().get(n));
            List<Diagnostic> problems = selfCheck(text, name);
            if (!problems.isEmpty()) {
                problems.forEach(err::println);
                err.println("hapair-vrrp plan: the generated " + name + " does not pass the checks (a bug)");
                return 1;
            }
            texts.add(text);
        }
        if (outDir == null) {
            for (int n = 0; n < texts.size(); n++) {
                out.println("!!! ---------- " + fileName(plan.nodes().get(n)) + " ----------");
                out.print(texts.get(n));
                if (n + 1 < texts.size()) {
                    out.println();
                }
            }
            return 0;
        }
        try {
            Files.createDirectories(outDir);
            for (int n = 0; n < texts.size(); n++) {
                Path f = outDir.resolve(fileName(plan.nodes().get(n)));
                Files.writeString(f, texts.get(n), StandardCharsets.UTF_8);
                out.println("wrote " + f);
            }
        } catch (IOException e) {
            err.println("hapair-vrrp plan: " + e.getMessage());
            return 1;
        }
        return 0;
    }

    static String fileName(PlanNode n) {
        return "keepalived-" + n.name() + ".conf";
    }

    /** Errors and warnings our own parser finds in a generated file (none expected). */
    static List<Diagnostic> selfCheck(String text, String name) {
        ConfigResult r = KeepalivedConfigParser.parse(text, name);
        return r.diagnostics();
    }

    static PlanNode node(String spec) {
        String[] p = spec.split(",", -1);
        if (p.length != 3) {
            throw new IllegalArgumentException("--node " + spec + ": expected NAME,IFACE,ADDR");
        }
        return new PlanNode(p[0], p[1], ipv4(p[2], "--node " + spec));
    }

    static PlanVip vip(String spec) {
        int slash = spec.indexOf('/');
        if (slash < 0) {
            throw new IllegalArgumentException("--vip " + spec + ": expected ADDR/PREFIX, e.g. 10.0.0.101/24");
        }
        return new PlanVip(
                ipv4(spec.substring(0, slash), "--vip " + spec),
                integer(spec.substring(slash + 1), "--vip " + spec + " prefix"));
    }

    static Inet4Address ipv4(String text, String what) {
        if (!text.matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
            throw new IllegalArgumentException(what + ": '" + text + "' is not an IPv4 address");
        }
        try {
            if (InetAddress.getByName(text) instanceof Inet4Address a) {
                return a;
            }
        } catch (UnknownHostException e) {
            // fall through
        }
        throw new IllegalArgumentException(what + ": '" + text + "' is not an IPv4 address");
    }

    static int integer(String text, String what) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(what + ": '" + text + "' is not a number");
        }
    }

    private static String value(List<String> args, int i, String flag) {
        if (i + 1 >= args.size()) {
            throw new IllegalArgumentException("option '" + flag + "' expects an argument");
        }
        return args.get(i + 1);
    }
}
