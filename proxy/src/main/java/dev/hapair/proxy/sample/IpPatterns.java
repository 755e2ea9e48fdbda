package dev.hapair.proxy.sample;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * Address patterns: IPv4 or IPv6 literals with an optional prefix length ({@code 10.0.0.0/8},
 * {@code 2001:db8::/32}) or dotted IPv4 mask ({@code 10.0.0.0/255.0.0.0}). Names are refused: resolving
 * them at load time would make validity depend on DNS. IPv4-mapped IPv6 samples match IPv4 patterns.
 */
public final class IpPatterns {

    private final byte[][] networks;
    private final int[] prefixes;

    private IpPatterns(byte[][] networks, int[] prefixes) {
        this.networks = networks;
        this.prefixes = prefixes;
    }

    public static IpPatterns parse(List<String> patterns) {
        byte[][] nets = new byte[patterns.size()][];
        int[] prefixes = new int[patterns.size()];
        for (int i = 0; i < patterns.size(); i++) {
            String p = patterns.get(i);
            int slash = p.indexOf('/');
            String addr = slash < 0 ? p : p.substring(0, slash);
            byte[] bytes = literal(addr);
            if (bytes == null) {
                throw new IllegalArgumentException("'" + p + "' is not an IPv4/IPv6 address or network");
            }
            int max = bytes.length * 8;
            int prefix = max;
            if (slash >= 0) {
                String len = p.substring(slash + 1);
                byte[] mask = len.contains(".") ? literal(len) : null;
                if (mask != null && mask.length == 4) {
                    prefix = maskLength(mask, p);
                } else {
                    try {
                        prefix = Integer.parseInt(len);
                    } catch (NumberFormatException e) {
                        prefix = -1;
                    }
                    if (prefix < 0 || prefix > max) {
                        throw new IllegalArgumentException("'" + p + "' has an invalid prefix length");
                    }
                }
            }
            nets[i] = bytes;
            prefixes[i] = prefix;
        }
        return new IpPatterns(nets, prefixes);
    }

    private static int maskLength(byte[] mask, String p) {
        int bits = 0;
        boolean ended = false;
        for (byte b : mask) {
            for (int k = 7; k >= 0; k--) {
                boolean set = ((b >> k) & 1) != 0;
                if (set && ended) {
                    throw new IllegalArgumentException("'" + p + "' has a non-contiguous mask");
                }
                if (set) {
                    bits++;
                } else {
                    ended = true;
                }
            }
        }
        return bits;
    }

    /** Address bytes of an IP literal without any name lookup, or null. */
    public static byte[] literal(String s) {
        if (s.isEmpty()) {
            return null;
        }
        if (s.indexOf(':') >= 0) {
            String v6 = s.startsWith("[") && s.endsWith("]") ? s.substring(1, s.length() - 1) : s;
            for (int i = 0; i < v6.length(); i++) {
                char c = v6.charAt(i);
                if (!(Character.digit(c, 16) >= 0 || c == ':' || c == '.')) {
                    return null;
                }
            }
            try {
                // only a literal reaches here, so this never queries DNS
                return InetAddress.getByName(v6).getAddress();
            } catch (UnknownHostException e) {
                return null;
            }
        }
        String[] parts = s.split("\\.", -1);
        if (parts.length != 4) {
            return null;
        }
        byte[] out = new byte[4];
        for (int i = 0; i < 4; i++) {
            if (parts[i].isEmpty() || parts[i].length() > 3 || !parts[i].chars().allMatch(Character::isDigit)) {
                return null;
            }
            int v = Integer.parseInt(parts[i]);
            if (v > 255) {
                return null;
            }
            out[i] = (byte) v;
        }
        return out;
    }

    /** IPv4-mapped IPv6 addresses as their IPv4 bytes. */
    public static byte[] normalize(InetAddress a) {
        byte[] b = a.getAddress();
        if (a instanceof Inet6Address && b.length == 16) {
            boolean mapped = b[10] == (byte) 0xFF && b[11] == (byte) 0xFF;
            for (int i = 0; i < 10 && mapped; i++) {
                mapped = b[i] == 0;
            }
            if (mapped) {
                return new byte[] {b[12], b[13], b[14], b[15]};
            }
        }
        return b;
    }

    public boolean matches(InetAddress address) {
        return address != null && matches(normalize(address));
    }

    public boolean matches(byte[] addr) {
        for (int i = 0; i < networks.length; i++) {
            if (networks[i].length == addr.length && inPrefix(networks[i], addr, prefixes[i])) {
                return true;
            }
        }
        return false;
    }

    /** Prefix length of the most specific network containing {@code addr}, or -1 (maps pick the longest match). */
    public int longestMatch(InetAddress address) {
        byte[] addr = normalize(address);
        int best = -1;
        for (int i = 0; i < networks.length; i++) {
            if (networks[i].length == addr.length && inPrefix(networks[i], addr, prefixes[i]) && prefixes[i] > best) {
                best = prefixes[i];
            }
        }
        return best;
    }

    private static boolean inPrefix(byte[] net, byte[] addr, int prefix) {
        int full = prefix / 8;
        for (int i = 0; i < full; i++) {
            if (net[i] != addr[i]) {
                return false;
            }
        }
        int rest = prefix % 8;
        if (rest == 0) {
            return true;
        }
        int mask = (0xFF << (8 - rest)) & 0xFF;
        return (net[full] & mask) == (addr[full] & mask);
    }

    public static boolean isV4(InetAddress a) {
        return a instanceof Inet4Address;
    }
}
