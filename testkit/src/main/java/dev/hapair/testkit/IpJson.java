package dev.hapair.testkit;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Turns {@code ip -j} output into records. Pure: unit-tested on captured output. */
final class IpJson {
    private IpJson() {}

    /** Parses {@code ip -j addr [show dev X]}; all devices in the output are included. */
    static List<InterfaceAddress> addresses(String json) {
        List<InterfaceAddress> out = new ArrayList<>();
        for (Map<String, Object> link : Json.parseObjectArray(json)) {
            String dev = str(link.get("ifname"));
            Object info = link.get("addr_info");
            if (!(info instanceof List<?> infos)) {
                continue;
            }
            for (Object o : infos) {
                if (!(o instanceof Map<?, ?> a) || a.get("local") == null) {
                    continue;
                }
                Object prefix = a.get("prefixlen");
                out.add(new InterfaceAddress(
                        dev,
                        str(a.get("family")),
                        str(a.get("local")),
                        prefix instanceof Number n ? n.intValue() : -1,
                        str(a.get("scope")),
                        Boolean.TRUE.equals(a.get("secondary"))));
            }
        }
        return out;
    }

    /** Parses {@code ip -j neigh}. */
    static List<Neighbour> neighbours(String json) {
        List<Neighbour> out = new ArrayList<>();
        for (Map<String, Object> n : Json.parseObjectArray(json)) {
            Set<String> states = new LinkedHashSet<>();
            Object st = n.get("state");
            if (st instanceof List<?> l) {
                l.forEach(s -> states.add(String.valueOf(s)));
            } else if (st != null) {
                states.add(String.valueOf(st));
            }
            String mac = str(n.get("lladdr"));
            out.add(new Neighbour(
                    str(n.get("dst")), str(n.get("dev")), mac == null ? null : mac.toLowerCase(Locale.ROOT), states));
        }
        return out;
    }

    /** The link-layer address of {@code ifname} in {@code ip -j link} output. */
    static Optional<String> mac(String json, String ifname) {
        for (Map<String, Object> link : Json.parseObjectArray(json)) {
            if (ifname.equals(link.get("ifname"))) {
                return Optional.ofNullable(str(link.get("address"))).map(m -> m.toLowerCase(Locale.ROOT));
            }
        }
        return Optional.empty();
    }

    /** All interface names in {@code ip -j link} output. */
    static List<String> linkNames(String json) {
        List<String> out = new ArrayList<>();
        for (Map<String, Object> link : Json.parseObjectArray(json)) {
            String n = str(link.get("ifname"));
            if (n != null) {
                out.add(n);
            }
        }
        return out;
    }

    /** The {@code operstate} of {@code ifname} in {@code ip -j link} output (UP, DOWN, LOWERLAYERDOWN...). */
    static Optional<String> operState(String json, String ifname) {
        for (Map<String, Object> link : Json.parseObjectArray(json)) {
            if (ifname.equals(link.get("ifname"))) {
                return Optional.ofNullable(str(link.get("operstate")));
            }
        }
        return Optional.empty();
    }

    /** The {@code flags} of {@code ifname} in {@code ip -j link} output (UP, LOWER_UP, NO-CARRIER...). */
    static List<String> flags(String json, String ifname) {
        for (Map<String, Object> link : Json.parseObjectArray(json)) {
            if (ifname.equals(link.get("ifname")) && link.get("flags") instanceof List<?> l) {
                return l.stream().map(String::valueOf).toList();
            }
        }
        return List.of();
    }

    private static String str(Object o) {
        return o == null ? null : String.valueOf(o);
    }
}
