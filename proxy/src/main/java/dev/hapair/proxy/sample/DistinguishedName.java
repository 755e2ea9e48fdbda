package dev.hapair.proxy.sample;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An X.509 name as HAProxy's {@code ssl_*_s_dn} / {@code ssl_*_i_dn} read it through OpenSSL, parsed from the
 * name's DER: one attribute per AttributeTypeAndValue (a multi-valued RDN {@code CN=a+UID=b} gives two, in
 * encoding order), named by OpenSSL's short name (its numeric OID when OpenSSL has none), with the value's
 * content octets as they are encoded. The JDK's X500Principal cannot serve here: its RDNs sort and merge
 * multi-valued entries and it decodes every string type to UTF-16, where HAProxy copies the encoded bytes.
 * Strings are byte strings (one char per byte, ISO-8859-1), as {@link Sample} keeps them.
 */
final class DistinguishedName {

    /** One AttributeTypeAndValue; {@code set} numbers the RDN it belongs to. */
    record Attribute(String oid, String shortName, int tag, byte[] content, byte[] der, int set) {}

    private final List<Attribute> attributes;

    private DistinguishedName(List<Attribute> attributes) {
        this.attributes = attributes;
    }

    /** @throws IllegalArgumentException when {@code der} is not a Name */
    static DistinguishedName parse(byte[] der) {
        Der d = new Der(der, 0, der.length);
        Der names = d.enter(0x30);
        if (!d.atEnd()) {
            throw new IllegalArgumentException("bytes after the name");
        }
        List<Attribute> out = new ArrayList<>();
        int set = 0;
        while (!names.atEnd()) {
            Der rdn = names.enter(0x31);
            while (!rdn.atEnd()) {
                Der atv = rdn.enter(0x30);
                String oid = oid(atv.content(0x06));
                int start = atv.pos;
                int tag = atv.peekTag();
                byte[] content = atv.content(tag);
                byte[] valueDer = java.util.Arrays.copyOfRange(der, start, atv.pos);
                out.add(new Attribute(oid, ShortNames.TABLE.get(oid), tag, content, valueDer, set));
            }
            set++;
        }
        return new DistinguishedName(List.copyOf(out));
    }

    List<Attribute> attributes() {
        return attributes;
    }

    /** {@code /C=FR/O=org/CN=name}: HAProxy's one-line form, values as encoded; null for an empty name. */
    String oneline() {
        if (attributes.isEmpty()) {
            return null;
        }
        StringBuilder sb = new StringBuilder();
        for (Attribute a : attributes) {
            sb.append('/').append(name(a)).append('=').append(bytes(a.content()));
        }
        return sb.toString();
    }

    /**
     * The {@code occ}th value of the attributes named {@code type} (OpenSSL's short name or the numeric OID,
     * any case), counted from the end when negative; null when there is none (occ 0 included).
     */
    String entry(String type, int occ) {
        int cur = 0;
        int n = attributes.size();
        for (int i = 0; i < n; i++) {
            Attribute a = attributes.get(occ < 0 ? n - 1 - i : i);
            if (!name(a).equalsIgnoreCase(type)) {
                continue;
            }
            cur += occ < 0 ? -1 : 1;
            if (cur == occ) {
                return bytes(a.content());
            }
        }
        return null;
    }

    /**
     * What OpenSSL's {@code X509_NAME_print_ex(..., XN_FLAG_RFC2253)} prints, HAProxy's {@code rfc2253} format:
     * the last attribute first, {@code ,} between RDNs and {@code +} inside one, short names, values escaped as
     * RFC 2253 asks (see {@link Rfc2253Value}); null for an empty name or a string OpenSSL cannot decode.
     */
    String rfc2253() {
        if (attributes.isEmpty()) {
            return null;
        }
        StringBuilder sb = new StringBuilder();
        int prevSet = -1;
        for (int i = attributes.size() - 1; i >= 0; i--) {
            Attribute a = attributes.get(i);
            if (prevSet != -1) {
                sb.append(prevSet == a.set() ? '+' : ',');
            }
            prevSet = a.set();
            sb.append(name(a)).append('=');
            String v =
                    a.shortName() == null ? Rfc2253Value.dump(a.der()) : Rfc2253Value.of(a.tag(), a.content(), a.der());
            if (v == null) {
                return null;
            }
            sb.append(v);
        }
        return sb.toString();
    }

    private static String name(Attribute a) {
        return a.shortName() != null ? a.shortName() : a.oid();
    }

    private static String bytes(byte[] b) {
        return new String(b, StandardCharsets.ISO_8859_1);
    }

    private static String oid(byte[] b) {
        if (b.length == 0) {
            throw new IllegalArgumentException("empty OID");
        }
        StringBuilder sb = new StringBuilder();
        long v = 0;
        boolean first = true;
        for (byte x : b) {
            if (v > (Long.MAX_VALUE >>> 7)) {
                throw new IllegalArgumentException("OID arc too large");
            }
            v = (v << 7) | (x & 0x7F);
            if ((x & 0x80) != 0) {
                continue;
            }
            if (first) {
                long top = v < 40 ? 0 : v < 80 ? 1 : 2;
                sb.append(top).append('.').append(v - 40 * top);
                first = false;
            } else {
                sb.append('.').append(v);
            }
            v = 0;
        }
        if ((b[b.length - 1] & 0x80) != 0) {
            throw new IllegalArgumentException("truncated OID");
        }
        return sb.toString();
    }

    /** A DER reader over {@code [pos, end)} of one array; every read is bounds-checked. */
    private static final class Der {
        private final byte[] b;
        private int pos;
        private final int end;

        Der(byte[] b, int pos, int end) {
            this.b = b;
            this.pos = pos;
            this.end = end;
        }

        boolean atEnd() {
            return pos >= end;
        }

        int peekTag() {
            if (pos >= end) {
                throw new IllegalArgumentException("truncated name");
            }
            int tag = b[pos] & 0xFF;
            if ((tag & 0x1F) == 0x1F) {
                throw new IllegalArgumentException("multi-byte tag");
            }
            return tag;
        }

        /** Reads a TLV of {@code tag}, returns a reader over its contents and moves past it. */
        Der enter(int tag) {
            int len = header(tag);
            Der inner = new Der(b, pos, pos + len);
            pos += len;
            return inner;
        }

        byte[] content(int tag) {
            int len = header(tag);
            byte[] c = java.util.Arrays.copyOfRange(b, pos, pos + len);
            pos += len;
            return c;
        }

        private int header(int tag) {
            if (peekTag() != tag) {
                throw new IllegalArgumentException("unexpected tag " + (b[pos] & 0xFF));
            }
            int i = pos + 1;
            if (i >= end) {
                throw new IllegalArgumentException("truncated name");
            }
            int len = b[i++] & 0xFF;
            if (len >= 0x80) {
                int n = len & 0x7F;
                if (n == 0 || n > 3 || i + n > end) {
                    throw new IllegalArgumentException("bad length");
                }
                len = 0;
                for (int k = 0; k < n; k++) {
                    len = (len << 8) | (b[i++] & 0xFF);
                }
            }
            if (len > end - i) {
                throw new IllegalArgumentException("truncated name");
            }
            pos = i;
            return len;
        }
    }

    /**
     * OpenSSL's short names of the attribute types a name can carry (X.520's 2.5.4.*, PKCS#9's
     * 1.2.840.113549.1.9.*, the pilot/COSINE 0.9.2342.19200300.100.1.*, EV's jurisdiction*), generated from
     * OpenSSL 3.0's obj_mac.h; loaded on first use (only configurations that print a DN pay for it).
     */
    private static final class ShortNames {
        static final Map<String, String> TABLE = load();

        private static Map<String, String> load() {
            Map<String, String> m = new HashMap<>();
            try (InputStream in = DistinguishedName.class.getResourceAsStream("openssl-dn-short-names.txt")) {
                if (in == null) {
                    throw new IllegalStateException("openssl-dn-short-names.txt missing from the jar");
                }
                BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII));
                for (String line; (line = r.readLine()) != null; ) {
                    int sp = line.indexOf(' ');
                    if (sp > 0 && !line.startsWith("#")) {
                        m.put(line.substring(0, sp), line.substring(sp + 1));
                    }
                }
            } catch (IOException e) {
                throw new IllegalStateException("cannot read openssl-dn-short-names.txt", e);
            }
            return Map.copyOf(m);
        }
    }
}
