package dev.hapair.health.probe.tcpcheck;

import dev.hapair.health.CheckStatus;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code option mysql-check [user <name> [post-41|pre-41]]} as HAProxy 2.6 runs it (rule 1 is an explicit connect).
 * Without a user it only reads the server's initial handshake packet. With one it sends a client authentication
 * packet for that user without password (4.1 format by default, the pre-4.1 one with {@code pre-41}) followed by
 * COM_QUIT, and also judges the packet after the handshake. A packet starting with 0xFF is an error: L7STS, code =
 * the MySQL error number, info = the rest (SQL state and message); a short or truncated packet at the end of the
 * answer is L7RSP; passed: L7OK with the server version (from the handshake) as info.
 */
public final class MysqlCheck {
    private MysqlCheck() {}

    /** @param pre41 the legacy (MySQL &lt; 4.1) authentication packet */
    static byte[] request(String user, boolean pre41) {
        byte[] u = user.getBytes(StandardCharsets.ISO_8859_1);
        int len = u.length + 7 + (pre41 ? 0 : 27);
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.write(len & 0xff);
        b.write((len >> 8) & 0xff);
        b.write((len >> 16) & 0xff);
        b.write(1); // sequence id
        if (pre41) {
            b.writeBytes(new byte[] {0x00, (byte) 0x80}); // client capabilities
            b.writeBytes(new byte[] {0x00, 0x00, 0x01}); // max packet
        } else {
            b.writeBytes(new byte[] {0x00, (byte) 0x82, 0x00, 0x00}); // client capabilities
            b.writeBytes(new byte[] {0x00, (byte) 0x80, 0x00, 0x01}); // max packet
            b.write(0x21); // character set utf8
            b.writeBytes(new byte[23]); // reserved
        }
        b.writeBytes(u);
        b.write(0);
        b.write(0); // filler
        b.writeBytes(new byte[] {0x01, 0x00, 0x00, 0x00, 0x01}); // COM_QUIT
        return b.toByteArray();
    }

    /** @param user null: only the handshake is read */
    public static List<Step> steps(String user, boolean pre41) {
        List<Step> s = new ArrayList<>();
        s.add(new Step.Connect());
        if (user != null) {
            byte[] req = request(user, pre41);
            s.add(new Step.Send(req::clone));
        }
        s.add(new Step.Expect(new PacketRule(false, user == null)));
        if (user != null) s.add(new Step.Expect(new PacketRule(true, true)));
        return List.copyOf(s);
    }

    /** One MySQL packet: the initial handshake at 0, or the one after it. */
    private record PacketRule(boolean afterHandshake, boolean last) implements ExpectRule {
        @Override
        public Verdict judge(byte[] in, boolean lastRead) {
            int offset = afterHandshake ? 4 + length(in, 0) : 0;
            if (in.length < offset + 4 || in.length < offset + 4 + length(in, offset)) {
                return lastRead ? Verdict.fail(CheckStatus.L7RSP, 0, "") : Verdict.WAIT;
            }
            if ((in[offset + 4] & 0xff) == 0xff) {
                int err = in.length > offset + 6 ? (in[offset + 5] & 0xff) | (in[offset + 6] & 0xff) << 8 : 0;
                String desc = in.length > offset + 7
                        ? new String(in, offset + 7, in.length - offset - 7, StandardCharsets.ISO_8859_1)
                        : "";
                return Verdict.fail(CheckStatus.L7STS, err, Payload.upToNul(desc));
            }
            // the version string of the handshake, printed as a C string
            return Verdict.next(CheckStatus.L7OK, 0, last ? Payload.upToNul(Payload.from(in, 5)) : "");
        }
    }

    private static int length(byte[] in, int at) {
        if (in.length < at + 3) return 0;
        return (in[at] & 0xff) | (in[at + 1] & 0xff) << 8 | (in[at + 2] & 0xff) << 16;
    }
}
