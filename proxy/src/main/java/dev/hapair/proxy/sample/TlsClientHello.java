package dev.hapair.proxy.sample;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * What the {@code req.ssl_*} fetches read from the first bytes of a TLS connection: the record and handshake
 * headers and, once the ClientHello is whole in the first record, its server name, ALPN protocols and
 * whether it offers elliptic curves. Bounds are checked at every step; nothing is allocated for bytes
 * beyond the ClientHello. HAProxy's rules: an SSLv3+ record (0x14-0x17 content type, major version 3), the
 * hello complete within the buffer, TLSv1.0+ for extensions.
 */
public final class TlsClientHello {

    /** How far the bytes so far go. */
    public enum Status {
        /** Valid so far, more bytes are needed. */
        TOO_SHORT,
        /** Not a TLS ClientHello (or malformed). */
        NOT_HELLO,
        /** The whole ClientHello was read. */
        COMPLETE
    }

    private final Status status;
    private final String sni;
    private final List<String> alpn;
    private final boolean ecExtension;

    private TlsClientHello(Status status, String sni, List<String> alpn, boolean ecExtension) {
        this.status = status;
        this.sni = sni;
        this.alpn = alpn;
        this.ecExtension = ecExtension;
    }

    private static final TlsClientHello TOO_SHORT = new TlsClientHello(Status.TOO_SHORT, null, List.of(), false);
    private static final TlsClientHello NOT_HELLO = new TlsClientHello(Status.NOT_HELLO, null, List.of(), false);

    public Status status() {
        return status;
    }

    /** The server name of the first host_name entry, or null. */
    public String sni() {
        return sni;
    }

    /** ALPN protocol names in the client's order. */
    public List<String> alpn() {
        return alpn;
    }

    /** Whether the supported_groups (elliptic curves, RFC 4492 5.1) extension is present. */
    public boolean ecExtension() {
        return ecExtension;
    }

    private static int u8(byte[] b, int i) {
        return b[i] & 0xFF;
    }

    private static int u16(byte[] b, int i) {
        return (u8(b, i) << 8) | u8(b, i + 1);
    }

    /**
     * {@code req.ssl_hello_type}: the handshake type of a complete SSLv3+ handshake message at the start, -1
     * when more bytes are needed, -2 when the bytes are not one.
     */
    public static int helloType(byte[] d) {
        int n = d.length;
        if (n == 0) {
            return -1;
        }
        int type = u8(d, 0);
        if (!((type >= 0x14 && type <= 0x17) || type == 0xFF)) {
            return -2;
        }
        if (n < 9) {
            return -1;
        }
        if ((u8(d, 1) << 16) + u8(d, 2) < 0x00030000 || u16(d, 3) < 4) {
            return -2;
        }
        int hsLen = (u8(d, 6) << 16) | u16(d, 7);
        return n < 9 + hsLen ? -1 : u8(d, 5);
    }

    /**
     * {@code req.ssl_ver}: major * 65536 + minor of an SSLv3+ record or an SSLv2 ClientHello, -1 when more
     * bytes are needed, -2 when the bytes are neither.
     */
    public static int version(byte[] d) {
        int n = d.length;
        if (n == 0) {
            return -1;
        }
        int b0 = u8(d, 0);
        if (b0 >= 0x14 && b0 <= 0x17) {
            if (n < 5) {
                return -1;
            }
            int major = u8(d, 1);
            if (major < 3) {
                return -2;
            }
            return (major << 16) | u8(d, 2);
        }
        if ((b0 & 0x80) != 0) {
            // SSLv2 two-byte record header, then CLIENT-HELLO (1) and the version it offers
            if (n < 5) {
                return -1;
            }
            int len = ((b0 & 0x7F) << 8) | u8(d, 1);
            if (len < 9 || u8(d, 2) != 1) {
                return -2;
            }
            return (u8(d, 3) << 16) | u8(d, 4);
        }
        return -2;
    }

    /** Parses the ClientHello at the start of {@code d}. */
    public static TlsClientHello parse(byte[] d) {
        int n = d.length;
        if (n == 0) {
            return TOO_SHORT;
        }
        if (u8(d, 0) != 0x16) {
            return NOT_HELLO;
        }
        if (n < 3) {
            return TOO_SHORT;
        }
        if (u8(d, 1) < 3) {
            return NOT_HELLO;
        }
        if (n < 5) {
            return TOO_SHORT;
        }
        if (u16(d, 3) < 4 + 2 + 32 + 1 + 2 + 2 + 1 + 1) {
            return NOT_HELLO;
        }
        int p = 5;
        if (n < p + 4) {
            return TOO_SHORT;
        }
        if (u8(d, p) != 0x01) {
            return NOT_HELLO;
        }
        int hsLen = (u8(d, p + 1) << 16) | u16(d, p + 2);
        if (hsLen < 2 + 32 + 1 + 2 + 2 + 1 + 1) {
            return NOT_HELLO;
        }
        p += 4;
        int end = p + hsLen;
        if (n < end) {
            return TOO_SHORT;
        }
        if (u8(d, p) < 3 || (u8(d, p) == 3 && u8(d, p + 1) < 1)) {
            return NOT_HELLO; // TLSv1.0 at least
        }
        p += 2 + 32;
        int sid = u8(d, p);
        if (sid > 32 || p + 1 + sid > end) {
            return NOT_HELLO;
        }
        p += 1 + sid;
        if (p + 2 > end) {
            return NOT_HELLO;
        }
        int ciphers = u16(d, p);
        if (ciphers < 2 || p + 2 + ciphers > end) {
            return NOT_HELLO;
        }
        p += 2 + ciphers;
        if (p + 1 > end) {
            return NOT_HELLO;
        }
        int comp = u8(d, p);
        if (comp < 1 || p + 1 + comp > end) {
            return NOT_HELLO;
        }
        p += 1 + comp;
        if (p == end) {
            return new TlsClientHello(Status.COMPLETE, null, List.of(), false); // no extensions at all
        }
        if (p + 2 > end) {
            return NOT_HELLO;
        }
        int extEnd = p + 2 + u16(d, p);
        if (extEnd > end) {
            return NOT_HELLO;
        }
        p += 2;
        String sni = null;
        List<String> alpn = List.of();
        boolean ec = false;
        while (p + 4 <= extEnd) {
            int type = u16(d, p);
            int len = u16(d, p + 2);
            int v = p + 4;
            if (v + len > extEnd) {
                return NOT_HELLO;
            }
            if (type == 0 && sni == null) {
                sni = serverName(d, v, len);
            } else if (type == 16) {
                alpn = protocols(d, v, len);
            } else if (type == 10) {
                ec = true;
            }
            p = v + len;
        }
        return new TlsClientHello(Status.COMPLETE, sni, alpn, ec);
    }

    /** The first host_name of a server_name list (RFC 6066 3), or null. */
    private static String serverName(byte[] d, int v, int len) {
        if (len < 2) {
            return null;
        }
        int listEnd = v + 2 + u16(d, v);
        if (listEnd > v + len) {
            return null;
        }
        int p = v + 2;
        while (p + 3 <= listEnd) {
            int nameType = u8(d, p);
            int nameLen = u16(d, p + 1);
            if (p + 3 + nameLen > listEnd) {
                return null;
            }
            if (nameType == 0) {
                return new String(d, p + 3, nameLen, StandardCharsets.ISO_8859_1);
            }
            p += 3 + nameLen;
        }
        return null;
    }

    private static List<String> protocols(byte[] d, int v, int len) {
        if (len < 3) {
            return List.of();
        }
        int listEnd = Math.min(v + 2 + u16(d, v), v + len);
        List<String> out = new ArrayList<>(2);
        int p = v + 2;
        while (p < listEnd) {
            int l = u8(d, p);
            if (l == 0 || p + 1 + l > listEnd) {
                break;
            }
            out.add(new String(d, p + 1, l, StandardCharsets.ISO_8859_1));
            p += 1 + l;
        }
        return List.copyOf(out);
    }
}
