package dev.hapair.proxy.sample;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/** IP literal parsing and printing without DNS (a name is never resolved while evaluating a sample). */
public final class Addresses {

    private Addresses() {}

    /** The address for an IPv4 or IPv6 literal, or null when {@code s} is not one. */
    public static InetAddress parse(String s) {
        byte[] b = s == null ? null : IpPatterns.literal(s);
        return b == null ? null : fromBytes(b);
    }

    public static InetAddress fromBytes(byte[] b) {
        try {
            return InetAddress.getByAddress(b);
        } catch (UnknownHostException e) {
            return null;
        }
    }

    /**
     * Either end of a connection accepted on a unix socket: it has no IP address or port, so {@code src},
     * {@code src_port}, {@code dst}... have no sample, {@code option forwardfor} adds nothing, {@code send-proxy}
     * sends UNKNOWN/LOCAL and logs show {@code unix}, as HAProxy.
     */
    public static final java.net.InetSocketAddress UNIX = java.net.InetSocketAddress.createUnresolved("unix", 0);

    /** Dotted quad, or RFC 5952 compressed IPv6 (what HAProxy prints). */
    public static String format(InetAddress a) {
        if (!(a instanceof Inet6Address)) {
            return a.getHostAddress();
        }
        byte[] b = a.getAddress();
        int[] w = new int[8];
        for (int i = 0; i < 8; i++) {
            w[i] = ((b[2 * i] & 0xFF) << 8) | (b[2 * i + 1] & 0xFF);
        }
        int bestStart = -1;
        int bestLen = 0;
        for (int i = 0; i < 8; ) {
            if (w[i] != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && w[j] == 0) {
                j++;
            }
            if (j - i > bestLen && j - i >= 2) {
                bestStart = i;
                bestLen = j - i;
            }
            i = j;
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                sb.append("::");
                i += bestLen - 1;
                continue;
            }
            if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') {
                sb.append(':');
            }
            sb.append(Integer.toHexString(w[i]));
        }
        return sb.toString();
    }
}
