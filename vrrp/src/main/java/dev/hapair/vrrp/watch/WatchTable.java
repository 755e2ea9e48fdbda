package dev.hapair.vrrp.watch;

import dev.hapair.vrrp.packet.ArpPacket;
import dev.hapair.vrrp.packet.DropReason;
import dev.hapair.vrrp.packet.MacAddress;
import dev.hapair.vrrp.packet.Vrrp6Advert;
import dev.hapair.vrrp.packet.VrrpAdvert;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * The pure core of {@code hapair-vrrp watch}: fed with decoded frames (their capture timestamps are the only
 * clock), it keeps one row per (address family, VRID, source) and finds conflicts. IPv4 and IPv6 VRIDs are
 * separate (RFC 5798 section 5.2.3: a VRID is unique per address family on a LAN), so VRID 1 over IPv4 and
 * VRID 1 over IPv6 are never compared. Not thread-safe: one capture loop owns it.
 *
 * <p>Two masters: in VRRP only the master advertises, so two sources advertising one VRID means two masters;
 * but a preemption legitimately overlaps by an advert or so (the old master hears the new one and stops), so a
 * conflict needs {@link #TWO_MASTER_ADVERTS} adverts from each source after the other began its current run.
 */
public final class WatchTable {
    /** Adverts each of two sources must send while the other is also advertising to count as two masters. */
    public static final int TWO_MASTER_ADVERTS = 3;
    /** A router is silent after this many of its own intervals without an advert (Master_Down_Interval, about). */
    static final int SILENT_INTERVALS = 3;
    /** Window for adverts/s. */
    static final Duration RATE_WINDOW = Duration.ofSeconds(10);

    public static final Duration DEFAULT_RETENTION = Duration.ofSeconds(60);
    private static final int KEPT_TIMESTAMPS = 256;

    private final Duration retention;
    private final Map<Key, Router> routers = new LinkedHashMap<>();
    private final Map<GarpKey, GarpRow> garps = new LinkedHashMap<>();
    private final Map<DropReason, Long> malformed = new EnumMap<>(DropReason.class);
    private long frames;

    public WatchTable() {
        this(DEFAULT_RETENTION);
    }

    /** @param retention rows and GARPs not seen for this long leave the table */
    public WatchTable(Duration retention) {
        this.retention = Objects.requireNonNull(retention, "retention");
    }

    private record Key(int vrid, InetAddress source) {}

    /** What the table keeps of the last advert of a router, for either address family. */
    private record Heard(
            int version, int priority, int intervalCentis, int authType, List<? extends InetAddress> addresses) {
        static Heard of(VrrpAdvert a) {
            return new Heard(a.version(), a.priority(), a.advertIntervalCentis(), a.authType(), a.addresses());
        }

        static Heard of(Vrrp6Advert a) {
            return new Heard(3, a.priority(), a.advertIntervalCentis(), VrrpAdvert.AUTH_NONE, a.addresses());
        }
    }

    private record GarpKey(InetAddress address, MacAddress mac) {}

    /** Live state of one (VRID, source); mutable, private to the table. */
    private static final class Router {
        final int vrid;
        final InetAddress source;
        MacAddress mac;
        Heard last;
        Instant firstSeen;
        Instant lastSeen;
        long count;
        /** Start of the current run of non-zero-priority adverts. */
        Instant runStart;

        Instant lastNonZero;
        /** Timestamps of recent non-zero adverts, newest last (bounded). */
        final ArrayDeque<Instant> recent = new ArrayDeque<>();

        Router(int vrid, InetAddress source) {
            this.vrid = vrid;
            this.source = source;
        }

        Duration interval() {
            return Duration.ofMillis(Math.max(1, last.intervalCentis()) * 10L);
        }

        boolean silent(Instant now) {
            return Duration.between(lastSeen, now).compareTo(interval().multipliedBy(SILENT_INTERVALS)) > 0;
        }

        boolean advertising(Instant now) {
            return last.priority() != VrrpAdvert.PRIORITY_STOP && !silent(now);
        }

        long nonZeroSince(Instant t) {
            long n = 0;
            for (Iterator<Instant> it = recent.descendingIterator(); it.hasNext(); ) {
                if (it.next().isBefore(t)) {
                    break;
                }
                n++;
            }
            return n;
        }

        double rate(Instant now) {
            if (!advertising(now)) {
                return 0;
            }
            Instant from = now.minus(RATE_WINDOW);
            Instant first = null;
            int n = 0;
            for (Instant t : recent) {
                if (!t.isBefore(from)) {
                    first = first == null ? t : first;
                    n++;
                }
            }
            if (n < 2) {
                return 0;
            }
            double span = Duration.between(first, recent.peekLast()).toNanos() / 1e9;
            return span <= 0 ? 0 : (n - 1) / span;
        }
    }

    /** Adds one decoded frame. */
    public void observe(WireFrame frame) {
        frames++;
        if (frame instanceof WireFrame.Advert a) {
            observeAdvert(a.at(), a.ip().source(), a.sourceMac(), a.advert().vrid(), Heard.of(a.advert()));
        } else if (frame instanceof WireFrame.Advert6 a) {
            observeAdvert(a.at(), a.ip().source(), a.sourceMac(), a.advert().vrid(), Heard.of(a.advert()));
        } else if (frame instanceof WireFrame.Arp a) {
            observeArp(a);
        } else if (frame instanceof WireFrame.Na n && n.unsolicited()) {
            observeClaim(n.na().target(), n.na().targetMac(), n.at());
        } else if (frame instanceof WireFrame.Undecoded u && u.reason() != null) {
            malformed.merge(u.reason(), 1L, Long::sum);
        }
    }

    private void observeAdvert(Instant at, InetAddress source, MacAddress sourceMac, int vrid, Heard adv) {
        Key key = new Key(vrid, source);
        Router r = routers.computeIfAbsent(key, k -> new Router(k.vrid(), k.source()));
        if (r.firstSeen == null) {
            r.firstSeen = at;
        }
        boolean wasAdvertising = r.last != null && r.advertising(at);
        r.last = adv;
        r.mac = sourceMac;
        r.lastSeen = at;
        r.count++;
        if (adv.priority() != VrrpAdvert.PRIORITY_STOP) {
            if (!wasAdvertising || r.runStart == null) {
                r.runStart = at;
            }
            r.lastNonZero = at;
            r.recent.addLast(at);
            while (r.recent.size() > KEPT_TIMESTAMPS) {
                r.recent.removeFirst();
            }
        }
    }

    private void observeArp(WireFrame.Arp a) {
        ArpPacket arp = a.arp();
        if (!arp.isGratuitous()) {
            return;
        }
        observeClaim(arp.senderIp(), arp.senderMac(), a.at());
    }

    private void observeClaim(InetAddress address, MacAddress mac, Instant at) {
        GarpKey key = new GarpKey(address, mac);
        GarpRow old = garps.get(key);
        garps.put(key, new GarpRow(address, mac, old == null ? 1 : old.count() + 1, at));
    }

    /** The table at {@code now}; also forgets rows older than the retention. */
    public WatchSnapshot snapshot(Instant now) {
        Instant horizon = now.minus(retention);
        routers.values().removeIf(r -> r.lastSeen.isBefore(horizon));
        garps.values().removeIf(g -> g.lastSeen().isBefore(horizon));
        List<Router> sorted = new ArrayList<>(routers.values());
        sorted.sort(Comparator.<Router>comparingInt(r -> r.source.getAddress().length)
                .thenComparingInt(r -> r.vrid)
                .thenComparing(r -> r.source.getAddress(), Arrays::compareUnsigned));
        List<RouterRow> rows = new ArrayList<>();
        for (Router r : sorted) {
            RouterRow.Role role = r.last.priority() == VrrpAdvert.PRIORITY_STOP
                    ? RouterRow.Role.STOPPED
                    : r.silent(now) ? RouterRow.Role.SILENT : RouterRow.Role.MASTER;
            rows.add(new RouterRow(
                    r.vrid,
                    r.source,
                    r.mac,
                    r.last.version(),
                    r.last.priority(),
                    r.last.intervalCentis(),
                    r.last.authType(),
                    r.last.addresses(),
                    role,
                    r.firstSeen,
                    r.lastSeen,
                    r.count,
                    r.rate(now)));
        }
        List<GarpRow> g = new ArrayList<>(garps.values());
        g.sort(Comparator.<GarpRow>comparingInt(r -> r.address().getAddress().length)
                .thenComparing(r -> r.address().getAddress(), Arrays::compareUnsigned)
                .thenComparing(GarpRow::lastSeen));
        return new WatchSnapshot(now, rows, conflicts(sorted, now), g, malformed, frames);
    }

    private static List<Conflict> conflicts(List<Router> sorted, Instant now) {
        // keyed by family and VRID: 4 * 256 + vrid for IPv4, 16 * 256 + vrid for IPv6 (IPv4 first)
        Map<Integer, List<Router>> byVrid = new TreeMap<>();
        sorted.forEach(r -> byVrid.computeIfAbsent(r.source.getAddress().length * 256 + r.vrid, v -> new ArrayList<>())
                .add(r));
        List<Conflict> out = new ArrayList<>();
        byVrid.forEach((familyAndVrid, group) -> {
            int vrid = familyAndVrid % 256;
            String name = "vrid " + vrid + (familyAndVrid >= 16 * 256 ? " (IPv6)" : "");
            if (group.size() < 2) {
                return;
            }
            List<Router> masters = new ArrayList<>();
            for (Router a : group) {
                if (!a.advertising(now)) {
                    continue;
                }
                for (Router b : group) {
                    if (a != b
                            && b.advertising(now)
                            && a.nonZeroSince(b.runStart) >= TWO_MASTER_ADVERTS
                            && b.nonZeroSince(a.runStart) >= TWO_MASTER_ADVERTS) {
                        masters.add(a);
                        break;
                    }
                }
            }
            if (masters.size() >= 2) {
                out.add(new Conflict(
                        Conflict.Kind.TWO_MASTERS,
                        vrid,
                        sources(masters),
                        masters.size() + " sources advertise " + name + " at once: " + describe(masters)));
            }
            Set<Set<InetAddress>> sets = new HashSet<>();
            group.forEach(r -> sets.add(Set.copyOf(r.last.addresses())));
            if (sets.size() > 1) {
                out.add(new Conflict(
                        Conflict.Kind.VIP_SET_MISMATCH,
                        vrid,
                        sources(group),
                        name + " is advertised with different addresses: " + describeAddresses(group)));
            }
        });
        return out;
    }

    private static List<InetAddress> sources(List<Router> rs) {
        return rs.stream().map(r -> r.source).toList();
    }

    private static String describe(List<Router> rs) {
        StringBuilder b = new StringBuilder();
        for (Router r : rs) {
            b.append(b.length() > 0 ? ", " : "")
                    .append(r.source.getHostAddress())
                    .append(" (priority ")
                    .append(r.last.priority())
                    .append(')');
        }
        return b.toString();
    }

    private static String describeAddresses(List<Router> rs) {
        StringBuilder b = new StringBuilder();
        for (Router r : rs) {
            b.append(b.length() > 0 ? ", " : "")
                    .append(r.source.getHostAddress())
                    .append(" ")
                    .append(r.last.addresses().stream()
                            .map(InetAddress::getHostAddress)
                            .toList());
        }
        return b.toString();
    }
}
