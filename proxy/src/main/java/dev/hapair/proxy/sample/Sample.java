package dev.hapair.proxy.sample;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One typed sample value, immutable. Strings are byte strings as in HAProxy: each char holds one byte
 * (ISO-8859-1), so {@code str} and {@code bin} convert into each other without loss.
 * Casts return null when the value cannot be represented in the target type; the sample then counts as
 * "not found", as HAProxy does.
 */
public final class Sample {

    public static final Sample TRUE = new Sample(SampleType.BOOL, 1, null);
    public static final Sample FALSE = new Sample(SampleType.BOOL, 0, null);

    private final SampleType type;
    private final long number;
    private final Object value;
    /**
     * {@link #toText()} of a number or an address, kept once made: a cached small number ({@link #sint}) or a
     * connection's source address ({@code %[src]} on every request) is formatted once. A benign race: every
     * thread computes the same string, and a String is safely published through its final fields. It costs no
     * memory (the object's padding had room for it).
     */
    private String text;

    private Sample(SampleType type, long number, Object value) {
        this.type = type;
        this.number = number;
        this.value = value;
    }

    public static Sample bool(boolean b) {
        return b ? TRUE : FALSE;
    }

    // Small integers (lengths, counts, status codes, ports below 1024) are shared: samples are immutable, and
    // fetches such as url_len or converters such as length make one on every request.
    private static final int SMALL_MIN = -128, SMALL_MAX = 1023;
    private static final Sample[] SMALL = new Sample[SMALL_MAX - SMALL_MIN + 1];

    static {
        for (int i = 0; i < SMALL.length; i++) SMALL[i] = new Sample(SampleType.SINT, i + SMALL_MIN, null);
    }

    // the methods a request names most often: the request heads give them as these very constants
    private static final Sample GET = new Sample(SampleType.METH, 0, "GET"),
            HEAD = new Sample(SampleType.METH, 0, "HEAD"),
            POST = new Sample(SampleType.METH, 0, "POST");

    public static Sample sint(long v) {
        return v >= SMALL_MIN && v <= SMALL_MAX ? SMALL[(int) v - SMALL_MIN] : new Sample(SampleType.SINT, v, null);
    }

    public static Sample str(String s) {
        return new Sample(SampleType.STR, 0, s);
    }

    public static Sample bin(byte[] b) {
        return new Sample(SampleType.BIN, 0, b);
    }

    public static Sample meth(String m) {
        switch (m) {
            case "GET":
                return GET;
            case "HEAD":
                return HEAD;
            case "POST":
                return POST;
            default:
                return new Sample(SampleType.METH, 0, m);
        }
    }

    public static Sample addr(InetAddress a) {
        return new Sample(a instanceof Inet4Address ? SampleType.IPV4 : SampleType.IPV6, 0, a);
    }

    public SampleType type() {
        return type;
    }

    /** This sample converted to {@code to}, or null when the value does not convert. */
    public Sample cast(SampleType to) {
        if (to == type || to == SampleType.ANY || (to == SampleType.ADDR && isAddress())) {
            return this;
        }
        switch (to) {
            case BOOL: {
                Long n = toLong();
                return n == null ? null : bool(n != 0);
            }
            case SINT: {
                Long n = toLong();
                return n == null ? null : sint(n);
            }
            case STR:
                if (type == SampleType.BIN) {
                    // as HAProxy's bin-to-str cast: the string ends at the first NUL byte
                    byte[] b = (byte[]) value;
                    int n = 0;
                    while (n < b.length && b[n] != 0) {
                        n++;
                    }
                    return str(new String(b, 0, n, StandardCharsets.ISO_8859_1));
                }
                return str(toText());
            case BIN:
                if (type == SampleType.SINT || type == SampleType.BOOL) {
                    // HAProxy's int-to-bin cast: the 64-bit value, big-endian (%[ssl_fc_err,hex] prints 16 digits)
                    long n = type == SampleType.BOOL ? (toBool() ? 1 : 0) : number;
                    return bin(java.nio.ByteBuffer.allocate(8).putLong(n).array());
                }
                return bin(toBytes());
            case METH: {
                String s = toText();
                return s.isEmpty() ? null : meth(s);
            }
            case IPV4: {
                InetAddress a = toAddress();
                if (a instanceof Inet6Address v6) {
                    a = mappedV4(v6);
                }
                return a == null ? null : addr(a);
            }
            case IPV6: {
                InetAddress a = toAddress();
                return a == null ? null : addr(a instanceof Inet4Address v4 ? mappedV6(v4) : a);
            }
            case ADDR: {
                InetAddress a = toAddress();
                return a == null ? null : addr(a);
            }
            default:
                return null;
        }
    }

    public boolean isAddress() {
        return type == SampleType.IPV4 || type == SampleType.IPV6;
    }

    /** Integer value (bool 0/1, decimal prefix of a string, IPv4 as a 32-bit number), or null. */
    public Long toLong() {
        switch (type) {
            case BOOL:
            case SINT:
                return number;
            case STR:
            case METH:
                return parseLong((String) value);
            case BIN:
                return parseLong(new String((byte[]) value, StandardCharsets.ISO_8859_1));
            case IPV4: {
                byte[] b = ((InetAddress) value).getAddress();
                return ((b[0] & 0xFFL) << 24) | ((b[1] & 0xFF) << 16) | ((b[2] & 0xFF) << 8) | (b[3] & 0xFF);
            }
            default:
                return null;
        }
    }

    /** The sample as text: numbers in decimal, addresses in their canonical form, bin bytes as chars. */
    public String toText() {
        switch (type) {
            case BOOL:
            case SINT: {
                String t = text;
                if (t == null) text = t = Long.toString(number);
                return t;
            }
            case STR:
            case METH:
                return (String) value;
            case BIN:
                return new String((byte[]) value, StandardCharsets.ISO_8859_1);
            case IPV4:
            case IPV6: {
                String t = text;
                if (t == null) text = t = Addresses.format((InetAddress) value);
                return t;
            }
            default:
                return "";
        }
    }

    /** Characters of a text sample, bytes of a binary one; 0 for numbers, booleans and addresses. */
    int valueLength() {
        return value instanceof String t ? t.length() : value instanceof byte[] b ? b.length : 0;
    }

    /** The integer of a {@link SampleType#SINT} or {@link SampleType#BOOL} sample (0 for other types). */
    long number() {
        return number;
    }

    /** The sample as bytes: addresses in network order (4 or 16 bytes), everything else as its text. */
    public byte[] toBytes() {
        if (type == SampleType.BIN) {
            return (byte[]) value;
        }
        if (isAddress()) {
            return ((InetAddress) value).getAddress();
        }
        return toText().getBytes(StandardCharsets.ISO_8859_1);
    }

    public InetAddress toAddress() {
        switch (type) {
            case IPV4:
            case IPV6:
                return (InetAddress) value;
            case SINT: {
                long n = number;
                return Addresses.fromBytes(new byte[] {(byte) (n >> 24), (byte) (n >> 16), (byte) (n >> 8), (byte) n});
            }
            case STR:
                return Addresses.parse((String) value);
            default:
                return null;
        }
    }

    public boolean toBool() {
        Long n = toLong();
        return n != null && n != 0;
    }

    /**
     * HAProxy's string-to-integer cast: optional sign then decimal digits, stopping at the first other
     * character; null when there are no digits.
     */
    static Long parseLong(String s) {
        int i = 0;
        int n = s.length();
        boolean neg = false;
        if (i < n && (s.charAt(i) == '-' || s.charAt(i) == '+')) {
            neg = s.charAt(i) == '-';
            i++;
        }
        int start = i;
        long v = 0;
        while (i < n && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
            v = v * 10 + (s.charAt(i) - '0');
            i++;
        }
        if (i == start) {
            return null;
        }
        return neg ? -v : v;
    }

    private static InetAddress mappedV4(Inet6Address v6) {
        byte[] b = v6.getAddress();
        for (int i = 0; i < 10; i++) {
            if (b[i] != 0) {
                return null;
            }
        }
        if ((b[10] & 0xFF) != 0xFF || (b[11] & 0xFF) != 0xFF) {
            return null;
        }
        return Addresses.fromBytes(Arrays.copyOfRange(b, 12, 16));
    }

    private static InetAddress mappedV6(Inet4Address v4) {
        byte[] b = new byte[16];
        b[10] = (byte) 0xFF;
        b[11] = (byte) 0xFF;
        System.arraycopy(v4.getAddress(), 0, b, 12, 4);
        try {
            return Inet6Address.getByAddress(null, b, null);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Sample s) || s.type != type || s.number != number) {
            return false;
        }
        if (type == SampleType.BIN) {
            return Arrays.equals((byte[]) value, (byte[]) s.value);
        }
        return java.util.Objects.equals(value, s.value);
    }

    @Override
    public int hashCode() {
        return type.hashCode() * 31 + Long.hashCode(number) + (value instanceof String str ? str.hashCode() : 0);
    }

    @Override
    public String toString() {
        return type.label() + "(" + toText() + ")";
    }
}
