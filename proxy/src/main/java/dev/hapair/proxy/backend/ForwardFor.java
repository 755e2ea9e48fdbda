package dev.hapair.proxy.backend;

import java.net.InetAddress;

/**
 * {@code option forwardfor [except NETWORK] [header NAME]}: adds the client address to a request header
 * unless the client is inside the excepted network.
 */
public record ForwardFor(String header, byte[] exceptNetwork, int exceptPrefix) {
    public static final String DEFAULT_HEADER = "X-Forwarded-For";

    public static ForwardFor standard() {
        return new ForwardFor(DEFAULT_HEADER, null, 0);
    }

    /** Parses {@code except} values like {@code 127.0.0.0/8} or a bare address. */
    public static ForwardFor of(String header, String except) {
        if (except == null) return new ForwardFor(header == null ? DEFAULT_HEADER : header, null, 0);
        String[] parts = except.split("/", 2);
        try {
            byte[] net = InetAddress.getByName(parts[0]).getAddress();
            int prefix = parts.length > 1 ? prefixOf(parts[1], net.length * 8) : net.length * 8;
            return new ForwardFor(header == null ? DEFAULT_HEADER : header, net, prefix);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException("invalid network '" + except + "'", e);
        }
    }

    private static int prefixOf(String s, int max) throws java.net.UnknownHostException {
        if (s.contains(".")) { // dotted mask, e.g. 255.0.0.0
            byte[] m = InetAddress.getByName(s).getAddress();
            int bits = 0;
            for (byte b : m) bits += Integer.bitCount(b & 0xff);
            return bits;
        }
        return Math.min(max, Integer.parseInt(s));
    }

    /** True when the header must be added for this client. */
    public boolean appliesTo(InetAddress client) {
        if (exceptNetwork == null) return true;
        byte[] a = client.getAddress();
        if (a.length != exceptNetwork.length) return true;
        int full = exceptPrefix / 8, rest = exceptPrefix % 8;
        for (int i = 0; i < full; i++) if (a[i] != exceptNetwork[i]) return true;
        if (rest == 0) return false;
        int mask = (0xff << (8 - rest)) & 0xff;
        return (a[full] & mask) != (exceptNetwork[full] & mask);
    }
}
