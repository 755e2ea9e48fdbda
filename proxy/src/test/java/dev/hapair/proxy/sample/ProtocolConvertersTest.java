package dev.hapair.proxy.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * fix_is_valid, fix_tag_value, mqtt_is_valid, mqtt_field_value: the messages of HAProxy's own reg-tests
 * (converter/fix.vtc, converter/mqtt.vtc), every truncation point, and hostile inputs.
 */
class ProtocolConvertersTest {

    private static byte[] fix(String pipes) {
        return pipes.replace('|', '\u0001').getBytes(StandardCharsets.ISO_8859_1);
    }

    private static byte[] hex(String h) {
        return HexFormat.of().parseHex(h);
    }

    private static final byte[] FIX44 = fix("8=FIX.4.4|9=102|35=A|49=CLIENT1|56=EXECUTOR|34=1|52=20201029-13:02:44.528|"
            + "98=0|108=30|141=Y|553=Username|554=Password|10=252|");

    @Test
    void validFixMessagesOfEveryVersion() {
        for (String m : new String[] {
            "8=FIX.4.0|9=70|35=A|49=CLIENT1|56=EXECUTOR|34=1|52=20201029-10:54:19.617|98=0|108=30|10=090|",
            "8=FIX.4.1|9=76|35=A|49=CLIENT1|56=EXECUTOR|34=1|52=20201029-12:43:07.940|98=0|108=30|141=Y|10=138|",
            "8=FIX.4.2|9=76|35=A|49=CLIENT1|56=EXECUTOR|34=1|52=20201029-12:55:12.100|98=0|108=30|141=Y|10=126|",
            "8=FIX.4.3|9=102|35=A|49=CLIENT1|56=EXECUTOR|34=1|52=20201029-12:58:50.889|98=0|108=30|141=Y|553=Username|"
                    + "554=Password|10=012|",
            "8=FIXT.1.1|9=116|35=A|49=CLIENT1|56=EXECUTOR|34=1|52=20201029-13:13:22.624|1128=7|98=0|108=30|141=Y|"
                    + "553=Username|554=Password|1137=7|10=204|"
        }) {
            assertEquals(FixMessage.Validity.VALID, FixMessage.validate(fix(m)), m);
        }
        assertEquals(FixMessage.Validity.VALID, FixMessage.validate(FIX44));
    }

    @Test
    void invalidFixMessages() {
        String tail = "|35=A|49=CLIENT1|56=EXECUTOR|34=1|52=20201029-13:02:44.528|";
        for (String m : new String[] {
            "8=FIX.4.4|9=100" + tail + "=0|108=30|141=Y|553=Username|554=Password|10=252|", // empty tag
            "8=FIX.4.4|9=101" + tail + "98=|108=30|141=Y|553=Username|554=Password|10=252|", // empty value
            "8=FIX.4.4|9=100" + tail + "98|108=30|141=Y|553=Username|554=Password|10=252|", // no '='
            "9=102|8=FIX.4.4|35=A|49=CLIENT1|56=EXECUTOR|34=1|52=20201029-13:02:44.528|98=0|108=30|141=Y|"
                    + "553=Username|554=Password|10=252|", // BeginString not first
            "8=FIX.4.4|35=A|9=102|49=CLIENT1|56=EXECUTOR|34=1|52=20201029-13:02:44.528|98=0|108=30|141=Y|"
                    + "553=Username|554=Password|10=252|", // BodyLength not second
            "8=FIX.4.4|9=102|49=CLIENT1|35=A|56=EXECUTOR|34=1|52=20201029-13:02:44.528|98=0|108=30|141=Y|"
                    + "553=Username|554=Password|10=252|", // MsgType not third
            "8=FIX.4.4|9=100" + tail + "98=0|108=30|141=Y|553=Username|554=Password|10=252|", // too short
            "8=FIX.4.4|9=105" + tail + "98=0|108=30|141=Y|553=Username|554=Password|10=252|XXX", // too long
            "8=FIX.4.4|9=102" + tail + "98=0|108=30|141=Y|553=Username|554=Password|10=25|", // 2-digit sum
            "8=FIX.4.4|9=102" + tail + "98=0|108=30|141=Y|553=Username|554=Password|10=2520|", // 4-digit sum
            "8=FIX.4.4|9=102" + tail + "98=0|108=30|141=Y|553=Username|554=Password|10=253|", // wrong sum
            "8=FIX.9.9|9=102" + tail + "98=0|108=30|141=Y|553=Username|554=Password|10=252|", // unknown version
            "8=FIX.4.4|9=0" + tail + "98=0|108=30|141=Y|553=Username|554=Password|10=252|", // zero body
            "8=FIX.4.4|9=1x2" + tail + "98=0|108=30|141=Y|553=Username|554=Password|10=252|", // bad length
            "8=FIX.4.0|9=102" + tail + "98=0|108=30|141=Y|553=Username|554=Password|10=252|", // 553 > 4.0's 140
            "8=FIX.4.4|9=102" + tail + "98=0|0=30|141=Y|553=Username|554=Password|10=252|", // tag 0
            "8=FIX.4.4|9=102" + tail + "98=0|4294967304=3|141=Y|553=Username|554=Password|10=252|", // > 32 bits
        }) {
            assertEquals(FixMessage.Validity.INVALID, FixMessage.validate(fix(m)), m);
        }
        // the user-defined range 10000-19999 is valid in every version
        String user = "8=FIX.4.0|9=16|35=A|10001=abcd|10=";
        int sum = 0;
        for (byte x : fix(user.substring(0, user.length() - 3))) {
            sum += x & 0xFF;
        }
        assertEquals(FixMessage.Validity.VALID, FixMessage.validate(fix(user + String.format("%03d|", sum % 256))));
    }

    @Test
    void everyTruncatedFixMessageNeedsMoreData() {
        for (int n = 0; n < FIX44.length; n++) {
            byte[] part = Arrays.copyOf(FIX44, n);
            assertEquals(FixMessage.Validity.NEED_MORE_DATA, FixMessage.validate(part), "prefix " + n);
            byte[] v = FixMessage.tagValue(part, FixMessage.CHECK_SUM);
            assertSame(FixMessage.NEED_MORE, v, "prefix " + n);
        }
    }

    @Test
    void fixTagValues() {
        assertEquals("FIX.4.4", text(FixMessage.tagValue(FIX44, FixMessage.tagId("BeginString"))));
        assertEquals("102", text(FixMessage.tagValue(FIX44, FixMessage.tagId("bodylength"))));
        assertEquals("A", text(FixMessage.tagValue(FIX44, FixMessage.tagId("MsgType"))));
        assertEquals("CLIENT1", text(FixMessage.tagValue(FIX44, FixMessage.tagId("SenderCompID"))));
        assertEquals("EXECUTOR", text(FixMessage.tagValue(FIX44, FixMessage.tagId("56"))));
        assertEquals("252", text(FixMessage.tagValue(FIX44, FixMessage.tagId("CheckSum"))));
        assertEquals("Password", text(FixMessage.tagValue(FIX44, 554)));
        assertNull(FixMessage.tagValue(FIX44, 999), "CheckSum ends the message");
        assertNull(FixMessage.tagValue(fix("8=FIX.4.4|=1|56=X|"), 56), "empty tag before the field");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FixMessage.tagId("Foo"));
        assertEquals("Unknown FIX tag name 'Foo'", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> FixMessage.tagId("0"));
    }

    private static final byte[] MQTT5_COMPLEX =
            hex("107e00044d51545405ee003c18270000001417012600016100016226000163000164"
                    + "2100140008746573745f7375622a03000a746578742f706c61696e08000c77696c6c727370746f706963260001650001662600"
                    + "0167000168000977696c6c746f706963000b77696c6c7061796c6f61640004746573740006706173737764");
    private static final byte[] CONNACK5 =
            hex("20250000221100000078217fff24012501270000ffff22000a2600016100016226000163000164");

    @Test
    void validMqttPackets() {
        for (String h : new String[] {
            "101a00044d51545404c2003c00000004746573740006706173737764",
            "103a00044d51545404ee003c0008746573745f737562000977696c6c746f706963000b77696c6c7061796c6f6164000474657374"
                    + "0006706173737764",
            "101800044d5154540502003c032100140008746573745f737562",
            "102600044d51545405c2003c032100140008746573745f7375620004746573740006706173737764",
            "102400064d514973647003c200000008746573745f7375620004746573740006706173737764",
            "20020000",
            "200600000322000a",
        }) {
            assertEquals(MqttPacket.Validity.VALID, MqttPacket.validate(hex(h)), h);
        }
        assertEquals(MqttPacket.Validity.VALID, MqttPacket.validate(MQTT5_COMPLEX));
        assertEquals(MqttPacket.Validity.VALID, MqttPacket.validate(CONNACK5));
        // a 200-byte client id: remaining length on two bytes
        byte[] big = new byte[215];
        System.arraycopy(hex("10d40100044d5154540402003c00c8"), 0, big, 0, 15);
        Arrays.fill(big, 15, 215, (byte) 'a');
        assertEquals(MqttPacket.Validity.VALID, MqttPacket.validate(big));
    }

    @Test
    void invalidMqttPackets() {
        for (String h : new String[] {
            "d000", // PINGREQ: not a first packet
            "111400044d5154540402003c0008746573745f737562", // CONNECT with flags
            "21020000", // CONNACK with flags
            "10ffffffff1400044d5154540402003c0008746573745f737562", // remaining length over 4 bytes
            "101300044d5154540402003c0008746573745f737562", // remaining length 0x13, fields take 0x14
            "101400044d5154540602003c0008746573745f737562", // protocol level 6
            "101400044d5154580402003c0008746573745f737562", // protocol name MQTX
            "101400044d5154540403003c0008746573745f737562", // reserved flag
            "101400044d5154540418003c0008746573745f737562", // will QoS without will
            "20020200", // CONNACK reserved flag bits
            "2001000000", // CONNACK shorter than 2
            "2006000003210000", // receive maximum 0
            "200600000324000200", // maximum QoS 2
            "2008000005220001220002", // topic alias maximum twice
            "2005000002ff00", // unknown property
            "101200044d5154540502003c051600026162" + "0000", // authentication data without method
            "0000",
        }) {
            assertEquals(MqttPacket.Validity.INVALID, MqttPacket.validate(hex(h)), h);
        }
    }

    @Test
    void everyTruncatedMqttPacketNeedsMoreData() {
        for (byte[] p : new byte[][] {MQTT5_COMPLEX, CONNACK5}) {
            for (int n = 0; n < p.length; n++) {
                assertEquals(MqttPacket.Validity.NEED_MORE_DATA, MqttPacket.validate(Arrays.copyOf(p, n)), "" + n);
            }
            // a following packet is not looked at
            byte[] more = Arrays.copyOf(p, p.length + 3);
            assertEquals(MqttPacket.Validity.VALID, MqttPacket.validate(more));
        }
    }

    @Test
    void mqttFieldValues() {
        assertEquals("MQTT", field(MQTT5_COMPLEX, "connect", "protocol_name"));
        assertEquals("5", field(MQTT5_COMPLEX, "CONNECT", "protocol_version"));
        assertEquals("238", field(MQTT5_COMPLEX, "1", "flags"));
        assertEquals("60", field(MQTT5_COMPLEX, "connect", "keepalive"));
        assertEquals("test_sub", field(MQTT5_COMPLEX, "connect", "client_identifier"));
        assertEquals("willtopic", field(MQTT5_COMPLEX, "connect", "will_topic"));
        assertEquals("willpayload", field(MQTT5_COMPLEX, "connect", "will_payload"));
        assertEquals("test", field(MQTT5_COMPLEX, "connect", "username"));
        assertEquals("passwd", field(MQTT5_COMPLEX, "connect", "password"));
        assertEquals("20", field(MQTT5_COMPLEX, "connect", "39"));
        assertEquals("1", field(MQTT5_COMPLEX, "connect", "23"));
        assertEquals("20", field(MQTT5_COMPLEX, "connect", "33"));
        assertEquals("text/plain", field(MQTT5_COMPLEX, "connect", "3"));
        assertEquals("willrsptopic", field(MQTT5_COMPLEX, "connect", "8"));
        assertEquals("0", field(MQTT5_COMPLEX, "connect", "17"), "absent numeric property reads 0");
        assertNull(field(MQTT5_COMPLEX, "connect", "21"), "absent string property");
        assertNull(field(MQTT5_COMPLEX, "connack", "flags"), "another packet type");
        assertNull(field(MQTT5_COMPLEX, "connect", "38"), "user properties are not returned");

        assertEquals("0", field(CONNACK5, "connack", "flags"));
        assertEquals("5", field(CONNACK5, "connack", "protocol_version"));
        assertEquals("0", field(CONNACK5, "connack", "reason_code"));
        assertEquals("120", field(CONNACK5, "connack", "17"));
        assertEquals("32767", field(CONNACK5, "connack", "33"));
        assertEquals("1", field(CONNACK5, "connack", "36"));
        assertEquals("1", field(CONNACK5, "connack", "37"));
        assertEquals("65535", field(CONNACK5, "connack", "39"));
        assertEquals("10", field(CONNACK5, "connack", "34"));
        assertEquals("4", field(hex("20020000"), "connack", "protocol_version"));
        assertNull(field(hex("20020000"), "connack", "17"), "no 5.0 property in a 3.1.1 CONNACK");
        // MQTT 3.1.1 CONNECT with an empty client id: not found
        assertNull(
                field(hex("101a00044d51545404c2003c00000004746573740006706173737764"), "connect", "client_identifier"));
        assertSame(
                MqttPacket.MORE,
                MqttPacket.fieldValue(Arrays.copyOf(CONNACK5, 10), MqttPacket.field("connack", "flags")));

        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> MqttPacket.field("bogus", "flags"));
        assertEquals("Unknown MQTT type 'bogus'", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> MqttPacket.field("connack", "username"));
        assertEquals("Unknown MQTT field name 'username' for packet type 'connack'", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> MqttPacket.field("16", "flags"));
        assertThrows(IllegalArgumentException.class, () -> MqttPacket.field("0", "flags"));
    }

    @Test
    void hostileBytesNeverThrow() {
        Random r = new Random(42);
        byte[][] seeds = {FIX44, MQTT5_COMPLEX, CONNACK5};
        MqttPacket.FieldRef ref = MqttPacket.field("connect", "password");
        for (int i = 0; i < 20_000; i++) {
            byte[] b = seeds[i % 3].clone();
            int flips = 1 + r.nextInt(4);
            for (int f = 0; f < flips; f++) {
                b[r.nextInt(b.length)] = (byte) r.nextInt(256);
            }
            if (r.nextBoolean()) {
                b = Arrays.copyOf(b, r.nextInt(b.length + 1));
            }
            FixMessage.validate(b);
            FixMessage.tagValue(b, 10);
            MqttPacket.validate(b);
            MqttPacket.fieldValue(b, ref);
        }
        byte[] noise = new byte[4096];
        for (int i = 0; i < 200; i++) {
            r.nextBytes(noise);
            FixMessage.validate(noise);
            MqttPacket.validate(noise);
        }
    }

    @Test
    void convertersInExpressions() throws Exception {
        TestContext c = new TestContext("GET", "/");
        String h = HexFormat.of().formatHex(FIX44);
        assertEquals("1", SampleEngineTest.eval("bin(" + h + "),fix_is_valid", c));
        assertEquals("CLIENT1", SampleEngineTest.eval("bin(" + h + "),fix_tag_value(SenderCompID)", c));
        assertEquals("0", SampleEngineTest.eval("bin(" + h.replace("3235320", "3235330") + "),fix_is_valid", c));
        assertNull(SampleEngineTest.eval("bin(383d),fix_is_valid", c), "incomplete: no sample");
        String m = HexFormat.of().formatHex(MQTT5_COMPLEX);
        assertEquals("1", SampleEngineTest.eval("bin(" + m + "),mqtt_is_valid", c));
        assertEquals("passwd", SampleEngineTest.eval("bin(" + m + "),mqtt_field_value(connect,password)", c));
        SampleException e =
                assertThrows(SampleException.class, () -> SampleEngineTest.expr("bin(00),fix_tag_value(Nope)"));
        assertTrue(e.getMessage().contains("Unknown FIX tag name 'Nope'"), e.getMessage());
        e = assertThrows(
                SampleException.class, () -> SampleEngineTest.expr("bin(00),mqtt_field_value(connect,reason_code)"));
        assertTrue(e.getMessage().contains("Unknown MQTT field name 'reason_code'"), e.getMessage());
        assertThrows(SampleException.class, () -> SampleEngineTest.expr("bin(00),mqtt_field_value(connect)"));
    }

    @Test
    void reqLenInHttpIsHaproxysMessageSize() throws Exception {
        // HAProxy's reg-test sample_fetches/cond_set_var: "GET /converter HTTP/1.1", X-Cust: foobar and VTest's
        // Host: 127.0.0.1 make 67 (20 + 21 for the start line, 12 + 13 for the headers, 1 for their end)
        TestContext c = new TestContext("GET", "/converter");
        c.req.add("X-Cust", "foobar").add("Host", "127.0.0.1");
        assertEquals("67", SampleEngineTest.eval("req.len", c));
        assertEquals("67", SampleEngineTest.eval("req_len", c));
        c.res = new TestContext.Head().add("Content-Length", "0");
        c.res.status = 200;
        // 20 + "HTTP/1.1" + "200" (no reason phrase in this head) + 14 + 1 + 1
        assertEquals("47", SampleEngineTest.eval("res.len", c));
    }

    private static String field(byte[] p, String type, String name) {
        return text(MqttPacket.fieldValue(p, MqttPacket.field(type, name)));
    }

    private static String text(byte[] b) {
        return b == null ? null : new String(b, StandardCharsets.ISO_8859_1);
    }
}
