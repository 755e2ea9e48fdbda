package dev.hapair.health.probe.tcpcheck;

import dev.hapair.health.CheckStatus;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Pattern;

/**
 * {@code option pgsql-check user <name>} as HAProxy 2.6 runs it (rule 1 is an explicit connect): sends a protocol
 * 3.0 StartupMessage with only the user, then: an ErrorResponse ('E') fails with L7RSP and the text from byte 6 (the
 * first field's value, e.g. "FATAL") as info; an AuthenticationOk/CleartextPassword/MD5/SCM/GSS/SSPI request (R,
 * length 8, 10 or 12, type 0 or 2..6) passes L7OK "PostgreSQL server is ok"; anything else is L7STS
 * "PostgreSQL unknown error". The rules wait for 5 and 9 bytes.
 */
public final class PgsqlCheck {
    /** HAProxy matches "^52000000(08|0A|0C)000000(00|02|03|04|05|06)" on the hex dump of the answer. */
    private static final Pattern AUTH = Pattern.compile("^52000000(08|0A|0C)000000(00|02|03|04|05|06)");

    private PgsqlCheck() {}

    static byte[] startup(String user) {
        byte[] u = user.getBytes(StandardCharsets.ISO_8859_1);
        int len = 15 + u.length;
        ByteArrayOutputStream b = new ByteArrayOutputStream(len);
        b.write(len >>> 24);
        b.write(len >>> 16);
        b.write(len >>> 8);
        b.write(len);
        b.writeBytes(new byte[] {0, 3, 0, 0});
        b.writeBytes("user\0".getBytes(StandardCharsets.US_ASCII));
        b.writeBytes(u);
        b.write(0);
        b.write(0);
        return b.toByteArray();
    }

    public static List<Step> steps(String user) {
        byte[] req = startup(user);
        ExpectRule notError = new ExpectRule() {
            @Override
            public Verdict judge(byte[] in, boolean lastRead) {
                if (!lastRead && in.length < 5) return Verdict.WAIT;
                if (in[0] != 'E') return Verdict.next(CheckStatus.L7OK, 0, "");
                // res.payload(6,0) printed as a C string: up to the first NUL
                return Verdict.fail(CheckStatus.L7RSP, 0, Payload.upToNul(Payload.from(in, 6)));
            }
        };
        ExpectRule auth = new ExpectRule() {
            @Override
            public Verdict judge(byte[] in, boolean lastRead) {
                if (!lastRead && in.length < 9) return Verdict.WAIT;
                if (AUTH.matcher(Payload.hex(in)).find()) {
                    return Verdict.next(CheckStatus.L7OK, 0, "PostgreSQL server is ok");
                }
                return Verdict.fail(CheckStatus.L7STS, 0, "PostgreSQL unknown error");
            }

            @Override
            public CheckStatus errorStatus() {
                return CheckStatus.L7STS;
            }
        };
        return List.of(new Step.Connect(), new Step.Send(req::clone), new Step.Expect(notError), new Step.Expect(auth));
    }
}
