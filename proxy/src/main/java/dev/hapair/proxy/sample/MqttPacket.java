package dev.hapair.proxy.sample;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * MQTT packet checks behind the {@code mqtt_is_valid} and {@code mqtt_field_value} converters (HAProxy 2.6
 * configuration manual, section 7.3.1; MQTT 3.1, 3.1.1 and 5.0). Only the first packet of each side can be
 * inspected, so only CONNECT (client) and CONNACK (server) are parsed; any other packet type is invalid, as
 * in HAProxy. Pure code: every read is bounds-checked against the packet's remaining length, hostile lengths
 * never read past the array and nothing is retained.
 */
public final class MqttPacket {

    /** HAProxy's MQTT_VALID_MESSAGE, MQTT_NEED_MORE_DATA, MQTT_INVALID_MESSAGE. */
    public enum Validity {
        VALID,
        NEED_MORE_DATA,
        INVALID
    }

    static final int CONNECT = 1;
    static final int CONNACK = 2;

    private static final List<String> TYPE_NAMES = List.of(
            "",
            "CONNECT",
            "CONNACK",
            "PUBLISH",
            "PUBACK",
            "PUBREC",
            "PUBREL",
            "PUBCOMP",
            "SUBSCRIBE",
            "SUBACK",
            "UNSUBSCRIBE",
            "UNSUBACK",
            "PINGREQ",
            "PINGRESP",
            "DISCONNECT",
            "AUTH");

    /** The fixed-header flags each packet type must carry (MQTT 5.0 section 2.1.3). */
    private static final int[] TYPE_FLAGS = {0, 0, 0, 0x0F, 0, 0, 0x02, 0, 0x02, 0, 0x02, 0, 0, 0, 0, 0};

    /**
     * The field names {@code mqtt_field_value} accepts per packet type (HAProxy's table, so a configuration
     * HAProxy accepts is accepted). Only CONNECT and CONNACK fields can ever be found.
     */
    private static final Map<Integer, Set<String>> FIELDS = Map.ofEntries(
            Map.entry(
                    CONNECT,
                    Set.of(
                            "protocol_name",
                            "protocol_version",
                            "flags",
                            "keepalive",
                            "17",
                            "33",
                            "39",
                            "34",
                            "25",
                            "23",
                            "38",
                            "21",
                            "22",
                            "client_identifier",
                            "24",
                            "1",
                            "2",
                            "3",
                            "8",
                            "9",
                            "will_topic",
                            "will_payload",
                            "username",
                            "password")),
            Map.entry(
                    CONNACK,
                    Set.of(
                            "flags",
                            "protocol_version",
                            "reason_code",
                            "17",
                            "33",
                            "36",
                            "37",
                            "39",
                            "18",
                            "34",
                            "31",
                            "40",
                            "41",
                            "42",
                            "19",
                            "26",
                            "28",
                            "38",
                            "21",
                            "22")),
            Map.entry(3, Set.of("1", "2", "3", "8", "9", "11", "35", "38")),
            Map.entry(4, Set.of("reason_code", "31", "38")),
            Map.entry(5, Set.of("reason_code", "31", "38")),
            Map.entry(6, Set.of("reason_code", "31", "38")),
            Map.entry(7, Set.of("reason_code", "31", "38")),
            Map.entry(8, Set.of("11", "38")),
            Map.entry(9, Set.of("31", "38")),
            Map.entry(10, Set.of("38")),
            Map.entry(11, Set.of("31", "38")),
            Map.entry(12, Set.of()),
            Map.entry(13, Set.of()),
            Map.entry(14, Set.of("reason_code", "17", "28", "31", "38")),
            Map.entry(15, Set.of("21", "22", "31", "38")));

    /** A parsed packet: its validity, type and the fields {@code mqtt_field_value} can return. */
    public record Parsed(Validity validity, int type, Map<String, byte[]> fields) {}

    /** A field reference checked at -c: packet type and canonical (lower case) field name. */
    public record FieldRef(int type, String field) {}

    private static final Parsed NEED_MORE = new Parsed(Validity.NEED_MORE_DATA, 0, Map.of());
    private static final Parsed INVALID = new Parsed(Validity.INVALID, 0, Map.of());

    /** {@link #fieldValue}'s answer when the packet is not complete yet. */
    public static final byte[] MORE = new byte[0];

    private MqttPacket() {}

    /**
     * Checks {@code mqtt_field_value(<packettype>,<field>)}'s arguments: a type name (any case) or number
     * 1-15, and a field of that type (name any case, or an MQTT 5.0 property id).
     *
     * @throws IllegalArgumentException with HAProxy's messages
     */
    public static FieldRef field(String type, String field) {
        int t = typeId(type);
        if (t == 0) {
            throw new IllegalArgumentException("Unknown MQTT type '" + type + "'");
        }
        String f = field.toLowerCase(Locale.ROOT);
        if (!FIELDS.get(t).contains(f)) {
            throw new IllegalArgumentException(
                    "Unknown MQTT field name '" + field + "' for packet type '" + type + "'");
        }
        return new FieldRef(t, f);
    }

    private static int typeId(String s) {
        if (!s.isEmpty() && s.length() <= 3 && s.chars().allMatch(Character::isDigit)) {
            int n = Integer.parseInt(s);
            return n >= 1 && n < TYPE_NAMES.size() ? n : 0;
        }
        int i = TYPE_NAMES.indexOf(s.toUpperCase(Locale.ROOT));
        return Math.max(i, 0);
    }

    /**
     * The value of {@code ref}'s field in the packet at the start of {@code b}: null when the packet is
     * invalid, of another type, or lacks the field; {@link #MORE} when the packet is not complete.
     */
    public static byte[] fieldValue(byte[] b, FieldRef ref) {
        Parsed p = parse(b);
        if (p.validity() == Validity.NEED_MORE_DATA) {
            return MORE;
        }
        if (p.validity() != Validity.VALID || p.type() != ref.type()) {
            return null;
        }
        byte[] v = p.fields().get(ref.field());
        return v == null || v.length == 0 ? null : v;
    }

    public static Validity validate(byte[] b) {
        return parse(b).validity();
    }

    /** Parses the packet at the start of {@code b} (later bytes, a next packet, are not looked at). */
    public static Parsed parse(byte[] b) {
        if (b.length < 2) {
            return NEED_MORE;
        }
        int type = (b[0] & 0xF0) >> 4;
        int flags = b[0] & 0x0F;
        if (type == 0 || flags != TYPE_FLAGS[type]) {
            return INVALID;
        }
        // remaining length: a variable byte integer of at most 4 bytes
        long remaining = 0;
        int pos = 1;
        for (int shift = 0; ; shift += 7) {
            if (pos - 1 == 4) {
                return INVALID;
            }
            if (pos >= b.length) {
                return NEED_MORE;
            }
            int x = b[pos++] & 0xFF;
            remaining |= (long) (x & 0x7F) << shift;
            if (x < 0x80) {
                break;
            }
        }
        if (b.length - pos < remaining) {
            return NEED_MORE;
        }
        Reader r = new Reader(b, pos, pos + (int) remaining);
        Map<String, byte[]> fields = new HashMap<>();
        boolean ok;
        try {
            ok = switch (type) {
                case CONNECT -> connect(r, fields);
                case CONNACK -> connack(r, fields);
                default -> false;
            };
        } catch (Invalid e) {
            ok = false;
        }
        // the fields must use exactly the announced remaining length
        return ok && r.pos == r.end ? new Parsed(Validity.VALID, type, Map.copyOf(fields)) : INVALID;
    }

    private static final int FL_RESERVED = 0x01;
    private static final int FL_WILL = 0x04;
    private static final int FL_WILL_QOS = 0x18;
    private static final int FL_WILL_RETAIN = 0x20;
    private static final int FL_PASSWORD = 0x40;
    private static final int FL_USERNAME = 0x80;

    private static boolean connect(Reader r, Map<String, byte[]> out) {
        byte[] name = r.string();
        String n = new String(name, StandardCharsets.ISO_8859_1);
        if (!n.equalsIgnoreCase("MQTT") && !n.equalsIgnoreCase("MQIsdp")) {
            return false;
        }
        int version = r.u8();
        if (version != 3 && version != 4 && version != 5) {
            return false;
        }
        int flags = r.u8();
        if ((flags & FL_RESERVED) != 0) {
            return false;
        }
        // HAProxy's one check on the will flags: QoS bits set alone, without the will flag
        if ((flags & (FL_WILL | FL_WILL_QOS | FL_WILL_RETAIN)) == FL_WILL_QOS) {
            return false;
        }
        int keepalive = r.u16();
        out.put("protocol_name", name);
        out.put("protocol_version", dec(version));
        out.put("flags", dec(flags));
        out.put("keepalive", dec(keepalive));
        boolean v5 = version == 5;
        if (v5) {
            // numeric properties absent from the packet read as 0, as HAProxy reports them
            for (String id : List.of("17", "33", "39", "34", "25", "23")) {
                out.put(id, dec(0));
            }
            Reader props = r.sub(r.varint());
            Set<Integer> seen = new java.util.HashSet<>();
            while (props.more()) {
                int id = props.u8();
                if (id != 0x26 && !seen.add(id)) {
                    return false; // a property given twice
                }
                switch (id) {
                    case 0x11 -> out.put("17", dec(props.u32()));
                    case 0x21 -> out.put("33", nonZero(props.u16()));
                    case 0x27 -> out.put("39", nonZero(props.u32()));
                    case 0x22 -> out.put("34", dec(props.u16()));
                    case 0x19 -> out.put("25", zeroOrOne(props.u8()));
                    case 0x17 -> out.put("23", zeroOrOne(props.u8()));
                    case 0x26 -> props.userProperty();
                    case 0x15 -> out.put("21", props.string());
                    case 0x16 -> out.put("22", props.string());
                    default -> {
                        return false;
                    }
                }
            }
            if (length(out, "21") == 0 && length(out, "22") > 0) {
                return false; // authentication data without an authentication method
            }
        }
        out.put("client_identifier", r.string());
        if (v5 && (flags & FL_WILL) != 0) {
            for (String id : List.of("1", "2", "24")) {
                out.put(id, dec(0));
            }
            Reader props = r.sub(r.varint());
            Set<Integer> seen = new java.util.HashSet<>();
            while (props.more()) {
                int id = props.u8();
                if (id != 0x26 && !seen.add(id)) {
                    return false;
                }
                switch (id) {
                    case 0x18 -> out.put("24", dec(props.u32()));
                    case 0x01 -> out.put("1", zeroOrOne(props.u8()));
                    case 0x02 -> out.put("2", dec(props.u32()));
                    case 0x03 -> out.put("3", props.string());
                    case 0x08 -> out.put("8", props.string());
                    case 0x09 -> out.put("9", props.string());
                    case 0x26 -> props.userProperty();
                    default -> {
                        return false;
                    }
                }
            }
        }
        if ((flags & FL_WILL) != 0) {
            out.put("will_topic", r.string());
            out.put("will_payload", r.string());
        }
        if ((flags & FL_USERNAME) != 0) {
            out.put("username", r.string());
        }
        if ((flags & FL_PASSWORD) != 0) {
            out.put("password", r.string());
        }
        return true;
    }

    private static boolean connack(Reader r, Map<String, byte[]> out) {
        int length = r.end - r.pos;
        if (length < 2) {
            return false;
        }
        // MQTT 3.1.1's CONNACK is exactly 2 bytes; a longer one carries 5.0 properties
        boolean v5 = length > 2;
        int flags = r.u8();
        if ((flags & 0xFE) != 0) {
            return false;
        }
        int reason = r.u8();
        out.put("flags", dec(flags));
        out.put("reason_code", dec(reason));
        out.put("protocol_version", dec(v5 ? 5 : 4));
        if (!v5) {
            return true;
        }
        for (String id : List.of("17", "19", "33", "34", "36", "37", "39", "40", "41", "42")) {
            out.put(id, dec(0));
        }
        Reader props = r.sub(r.varint());
        Set<Integer> seen = new java.util.HashSet<>();
        while (props.more()) {
            int id = props.u8();
            if (id != 0x26 && !seen.add(id)) {
                return false;
            }
            switch (id) {
                case 0x11 -> out.put("17", dec(props.u32()));
                case 0x21 -> out.put("33", nonZero(props.u16()));
                case 0x24 -> out.put("36", zeroOrOne(props.u8()));
                case 0x25 -> out.put("37", zeroOrOne(props.u8()));
                case 0x27 -> out.put("39", nonZero(props.u32()));
                case 0x12 -> {
                    byte[] id18 = props.string();
                    if (id18.length == 0) {
                        return false;
                    }
                    out.put("18", id18);
                }
                case 0x22 -> out.put("34", dec(props.u16()));
                case 0x1F -> out.put("31", props.string());
                case 0x28 -> out.put("40", zeroOrOne(props.u8()));
                case 0x29 -> out.put("41", zeroOrOne(props.u8()));
                case 0x2A -> out.put("42", zeroOrOne(props.u8()));
                case 0x13 -> out.put("19", dec(props.u16()));
                case 0x1A -> out.put("26", props.string());
                case 0x1C -> out.put("28", props.string());
                case 0x26 -> props.userProperty();
                case 0x15 -> out.put("21", props.string());
                case 0x16 -> out.put("22", props.string());
                default -> {
                    // HAProxy 2.6 answers "need more data" here (its parser returns 0); an unknown
                    // property cannot become valid with more bytes, so hapair says invalid
                    return false;
                }
            }
        }
        return true;
    }

    private static int length(Map<String, byte[]> fields, String name) {
        byte[] v = fields.get(name);
        return v == null ? 0 : v.length;
    }

    private static byte[] dec(long v) {
        return Long.toString(v).getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] nonZero(long v) {
        if (v == 0) {
            throw new Invalid(); // "cannot be 0": the packet is invalid
        }
        return dec(v);
    }

    private static byte[] zeroOrOne(int v) {
        if (v > 1) {
            throw new Invalid(); // a flag property can only be 0 or 1
        }
        return dec(v);
    }

    /** A read past the end of a length, or a value out of its range: the packet is invalid. */
    private static final class Invalid extends RuntimeException {
        Invalid() {
            super(null, null, false, false);
        }
    }

    /** Bounds-checked big-endian reads of {@code b[pos, end)}. */
    private static final class Reader {
        final byte[] b;
        int pos;
        final int end;

        Reader(byte[] b, int pos, int end) {
            this.b = b;
            this.pos = pos;
            this.end = end;
        }

        boolean more() {
            return pos < end;
        }

        private void need(long n) {
            if (n > end - pos) {
                throw new Invalid();
            }
        }

        int u8() {
            need(1);
            return b[pos++] & 0xFF;
        }

        int u16() {
            need(2);
            int v = ((b[pos] & 0xFF) << 8) | (b[pos + 1] & 0xFF);
            pos += 2;
            return v;
        }

        long u32() {
            need(4);
            long v = ((long) (b[pos] & 0xFF) << 24)
                    | ((b[pos + 1] & 0xFF) << 16)
                    | ((b[pos + 2] & 0xFF) << 8)
                    | (b[pos + 3] & 0xFF);
            pos += 4;
            return v;
        }

        /** A variable byte integer (at most 4 bytes). */
        long varint() {
            long v = 0;
            for (int i = 0; i < 4; i++) {
                int x = u8();
                v |= (long) (x & 0x7F) << (7 * i);
                if (x < 0x80) {
                    return v;
                }
            }
            throw new Invalid();
        }

        /** A UTF-8 string or binary data: 2-byte length, then the bytes. */
        byte[] string() {
            int len = u16();
            need(len);
            byte[] s = java.util.Arrays.copyOfRange(b, pos, pos + len);
            pos += len;
            return s;
        }

        void userProperty() {
            string();
            string();
        }

        /** The next {@code len} bytes as their own reader, skipped here. */
        Reader sub(long len) {
            need(len);
            Reader s = new Reader(b, pos, pos + (int) len);
            pos += (int) len;
            return s;
        }
    }
}
