package dev.hapair.vrrp.config;

import dev.hapair.common.config.Suggestions;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.List;
import java.util.Optional;

/**
 * Reads one {@code virtual_ipaddress} line:
 * {@code ADDR[/PREFIX] [brd ADDR|+|-] [dev IF] [scope S] [label L]} plus the keepalived options hapair does not
 * implement (warned).
 */
final class VirtualAddressParser {
    private static final List<String> OPTIONS = List.of("brd", "dev", "scope", "label");
    private static final List<String> NOT_IMPLEMENTED_WITH_VALUE = List.of("peer", "preferred_lft", "track_group");
    private static final List<String> NOT_IMPLEMENTED_FLAGS =
            List.of("home", "-nodad", "nodad", "mngtmpaddr", "noprefixroute", "autojoin", "no_track", "use_vmac");

    private VirtualAddressParser() {}

    static Optional<VirtualAddress> parse(ConfigNode line, ParseContext ctx) {
        if (!ctx.noBlock(line)) {
            return Optional.empty();
        }
        String first = line.name();
        int slash = first.indexOf('/');
        String addrText = slash < 0 ? first : first.substring(0, slash);
        Optional<InetAddress> address = IpAddresses.parse(addrText);
        if (address.isEmpty()) {
            ctx.error(line, "invalid IP address '" + addrText + "' in " + ctx.where());
            return Optional.empty();
        }
        int max = address.get() instanceof Inet4Address ? 32 : 128;
        int prefix = max;
        if (slash >= 0) {
            var p = ctx.intValue(line, "prefix length", first.substring(slash + 1), 0, max);
            if (p.isEmpty()) {
                return Optional.empty();
            }
            prefix = p.getAsInt();
        }
        Optional<InetAddress> broadcast = Optional.empty();
        Optional<String> device = Optional.empty();
        Optional<String> label = Optional.empty();
        VirtualAddressScope scope = VirtualAddressScope.GLOBAL;
        List<String> args = line.argTexts();
        for (int i = 0; i < args.size(); i++) {
            String option = args.get(i);
            if (NOT_IMPLEMENTED_FLAGS.contains(option)) {
                ctx.error(
                        line,
                        "'" + option + "' is not supported by hapair-vrrp (option of virtual address " + first + " in "
                                + ctx.where() + ")");
                return Optional.empty();
            }
            boolean known = OPTIONS.contains(option) || NOT_IMPLEMENTED_WITH_VALUE.contains(option);
            if (!known) {
                ctx.error(
                        line,
                        "unknown option '" + option + "' for virtual address " + first + " in " + ctx.where()
                                + Suggestions.didYouMean(option, OPTIONS));
                return Optional.empty();
            }
            if (i + 1 >= args.size()) {
                ctx.error(
                        line, "missing value for '" + option + "' of virtual address " + first + " in " + ctx.where());
                return Optional.empty();
            }
            String value = args.get(++i);
            switch (option) {
                case "dev" -> device = Optional.of(value);
                case "label" -> label = Optional.of(value);
                case "scope" -> {
                    Optional<VirtualAddressScope> s = VirtualAddressScope.fromKeyword(value);
                    if (s.isEmpty()) {
                        ctx.error(
                                line,
                                "invalid scope '" + value + "' for virtual address " + first + " in " + ctx.where()
                                        + " (expected global, site, link, host or nowhere)");
                        return Optional.empty();
                    }
                    scope = s.get();
                }
                case "brd" -> {
                    Optional<InetAddress> b = broadcast(value, address.get(), prefix);
                    if (b.isEmpty() && !value.equals("-")) {
                        ctx.error(
                                line,
                                "invalid broadcast address '" + value + "' for virtual address " + first + " in "
                                        + ctx.where());
                        return Optional.empty();
                    }
                    broadcast = b;
                }
                default -> {
                    ctx.error(
                            line,
                            "'" + option + "' is not supported by hapair-vrrp (option of virtual address " + first
                                    + " in " + ctx.where() + ")");
                    return Optional.empty();
                }
            }
        }
        return Optional.of(new VirtualAddress(address.get(), prefix, broadcast, device, scope, label, line.location()));
    }

    /** {@code brd ADDR}, or {@code +} for the subnet's broadcast as {@code ip} computes it, {@code -} for none. */
    private static Optional<InetAddress> broadcast(String value, InetAddress address, int prefix) {
        if (value.equals("-")) {
            return Optional.empty();
        }
        if (value.equals("+") && address instanceof Inet4Address) {
            byte[] b = address.getAddress();
            int v = ((b[0] & 0xff) << 24) | ((b[1] & 0xff) << 16) | ((b[2] & 0xff) << 8) | (b[3] & 0xff);
            int hostMask = prefix == 0 ? -1 : (int) ((1L << (32 - prefix)) - 1);
            v |= hostMask;
            try {
                return Optional.of(InetAddress.getByAddress(
                        new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v}));
            } catch (java.net.UnknownHostException e) {
                return Optional.empty();
            }
        }
        return IpAddresses.parse(value);
    }
}
