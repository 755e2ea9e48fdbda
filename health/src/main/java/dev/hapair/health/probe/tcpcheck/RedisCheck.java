package dev.hapair.health.probe.tcpcheck;

import dev.hapair.health.CheckStatus;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * {@code option redis-check} as HAProxy 2.6 runs it: sends {@code PING} in RESP ({@code *1\r\n$4\r\nPING\r\n}) and
 * expects {@code +PONG\r\n} somewhere in the answer. Passed: L7OK "Redis server is ok"; otherwise L7STS with the
 * answer's first line as info. Without a match it waits for more until the server closes (no minimum length).
 */
public final class RedisCheck {
    static final byte[] REQUEST = "*1\r\n$4\r\nPING\r\n".getBytes(StandardCharsets.US_ASCII);
    static final byte[] PONG = "+PONG\r\n".getBytes(StandardCharsets.US_ASCII);

    private RedisCheck() {}

    public static List<Step> steps() {
        return List.of(new Step.Send(REQUEST::clone), new Step.Expect(new ExpectRule() {
            @Override
            public Verdict judge(byte[] in, boolean lastRead) {
                if (!lastRead && in.length < PONG.length) return Verdict.WAIT;
                if (contains(in, PONG)) return Verdict.next(CheckStatus.L7OK, 0, "Redis server is ok");
                if (!lastRead) return Verdict.WAIT;
                return Verdict.fail(CheckStatus.L7STS, 0, Payload.cutCrlf(Payload.from(in, 0)));
            }

            @Override
            public CheckStatus errorStatus() {
                return CheckStatus.L7STS;
            }
        }));
    }

    static boolean contains(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) if (hay[i + j] != needle[j]) continue outer;
            return true;
        }
        return false;
    }
}
