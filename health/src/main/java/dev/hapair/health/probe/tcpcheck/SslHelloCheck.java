package dev.hapair.health.probe.tcpcheck;

import dev.hapair.health.CheckStatus;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * {@code option ssl-hello-chk} as HAProxy 2.6 runs it: sends an SSLv3 CLIENT HELLO (current time in the random, the
 * 39 common cipher suites 0x01..0x1B and 0x2F..0x3A, no compression) and passes (L6OK, no info) when the answer
 * starts with a TLS record of type handshake (0x16) or alert (0x15) - an alert still proves SSL is spoken. At
 * least 5 bytes (a record header) are awaited unless the server closes. Otherwise L6RSP; timeout L6TOUT.
 */
public final class SslHelloCheck {
    private static final byte[] RANDOM_TAIL = "HAPROXYSSLCHK\nHAPROXYSSLCHK\n".getBytes(StandardCharsets.US_ASCII);

    private SslHelloCheck() {}

    /** The hello sent at {@code unixSeconds}: 126 bytes. */
    static byte[] hello(long unixSeconds) {
        byte[] b = new byte[5 + 4 + 0x75];
        int i = 0;
        b[i++] = 0x16; // record: handshake
        b[i++] = 0x03; // SSLv3
        b[i++] = 0x00;
        b[i++] = 0x00; // length 0x79
        b[i++] = 0x79;
        b[i++] = 0x01; // CLIENT HELLO
        b[i++] = 0x00; // length 0x75
        b[i++] = 0x00;
        b[i++] = 0x75;
        b[i++] = 0x03; // hello version 3.0
        b[i++] = 0x00;
        b[i++] = (byte) (unixSeconds >>> 24); // gmt_unix_time, then 28 random bytes
        b[i++] = (byte) (unixSeconds >>> 16);
        b[i++] = (byte) (unixSeconds >>> 8);
        b[i++] = (byte) unixSeconds;
        System.arraycopy(RANDOM_TAIL, 0, b, i, RANDOM_TAIL.length);
        i += RANDOM_TAIL.length;
        b[i++] = 0x00; // no session id
        b[i++] = 0x00; // 78 bytes of cipher suites
        b[i++] = 0x4E;
        for (int c = 0x01; c <= 0x1B; c++) {
            b[i++] = 0x00;
            b[i++] = (byte) c;
        }
        for (int c = 0x2F; c <= 0x3A; c++) {
            b[i++] = 0x00;
            b[i++] = (byte) c;
        }
        b[i++] = 0x01; // one compression method: null
        b[i++] = 0x00;
        if (i != b.length) throw new IllegalStateException("hello length " + i);
        return b;
    }

    public static List<Step> steps(LongSupplier unixSeconds) {
        return List.of(new Step.Send(() -> hello(unixSeconds.getAsLong())), new Step.Expect(new ExpectRule() {
            @Override
            public Verdict judge(byte[] in, boolean lastRead) {
                if (!lastRead && in.length < 5) return Verdict.WAIT;
                // HAProxy matches "^1[56]" on the hex dump: the first byte is 0x15 or 0x16
                if (in[0] == 0x15 || in[0] == 0x16) return Verdict.next(CheckStatus.L6OK, 0, "");
                return Verdict.fail(CheckStatus.L6RSP, 0, "");
            }

            @Override
            public CheckStatus errorStatus() {
                return CheckStatus.L6RSP;
            }

            @Override
            public CheckStatus timeoutStatus() {
                return CheckStatus.L6TOUT;
            }
        }));
    }
}
