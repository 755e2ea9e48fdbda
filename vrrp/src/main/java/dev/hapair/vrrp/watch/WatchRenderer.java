package dev.hapair.vrrp.watch;

import dev.hapair.vrrp.packet.VrrpAdvert;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.stream.Collectors;

/** Renders a {@link WatchSnapshot} as the fixed-width text table the watch command prints. */
public final class WatchRenderer {
    static final String HEADER = String.format(
            Locale.ROOT,
            "%4s  %-15s  %-17s  %3s  %4s  %6s  %-4s  %-7s  %7s  %6s  %7s  %s",
            "VRID",
            "SOURCE",
            "MAC",
            "VER",
            "PRIO",
            "INTVL",
            "AUTH",
            "ROLE",
            "ADVERTS",
            "ADV/S",
            "LAST",
            "ADDRESSES");

    private WatchRenderer() {}

    public static String render(String interfaceName, WatchSnapshot s) {
        StringBuilder b = new StringBuilder();
        b.append("hapair-vrrp watch ")
                .append(interfaceName)
                .append("  ")
                .append(s.at())
                .append("  ")
                .append(s.routers().size())
                .append(s.routers().size() == 1 ? " router, " : " routers, ")
                .append(s.framesSeen())
                .append(" frames\n");
        b.append(HEADER).append('\n');
        for (RouterRow r : s.routers()) {
            b.append(row(r, s.at())).append('\n');
        }
        if (s.routers().isEmpty()) {
            b.append("(no VRRP advertisement seen)\n");
        }
        for (Conflict c : s.conflicts()) {
            b.append("CONFLICT ").append(c).append('\n');
        }
        for (GarpRow g : s.garps()) {
            b.append(g.kind())
                    .append(' ')
                    .append(g.address().getHostAddress())
                    .append(" is-at ")
                    .append(g.mac())
                    .append(" x")
                    .append(g.count())
                    .append(" (last ")
                    .append(seconds(Duration.between(g.lastSeen(), s.at())))
                    .append(" ago)\n");
        }
        if (!s.malformed().isEmpty()) {
            b.append("MALFORMED ")
                    .append(s.malformed().entrySet().stream()
                            .sorted(java.util.Map.Entry.comparingByKey())
                            .map(e -> e.getKey() + "=" + e.getValue())
                            .collect(Collectors.joining(" ")))
                    .append('\n');
        }
        return b.toString();
    }

    static String row(RouterRow r, Instant now) {
        return String.format(
                Locale.ROOT,
                "%4d  %-15s  %-17s  %3s  %4d  %6s  %-4s  %-7s  %7d  %6.2f  %7s  %s",
                r.vrid(),
                r.source().getHostAddress(),
                r.sourceMac() == null ? "-" : r.sourceMac().toString(),
                "v" + r.version(),
                r.priority(),
                String.format(Locale.ROOT, "%.2fs", r.intervalCentis() / 100.0),
                auth(r),
                r.role(),
                r.adverts(),
                r.advertsPerSecond(),
                seconds(r.age(now)),
                r.addresses().stream().map(InetAddress::getHostAddress).collect(Collectors.joining(",")));
    }

    private static String auth(RouterRow r) {
        if (r.version() != 2) {
            return "-";
        }
        return switch (r.authType()) {
            case VrrpAdvert.AUTH_NONE -> "NONE";
            case VrrpAdvert.AUTH_PASS -> "PASS";
            case VrrpAdvert.AUTH_AH -> "AH";
            default -> Integer.toString(r.authType());
        };
    }

    static String seconds(Duration d) {
        return String.format(Locale.ROOT, "%.1fs", Math.max(0, d.toMillis()) / 1000.0);
    }
}
