package dev.hapair.health.probe.tcpcheck;

import dev.hapair.health.CheckStatus;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Pattern;

/**
 * {@code option smtpchk [EHLO|HELO <domain>]} as HAProxy 2.6 runs it (rule 1 is an explicit connect): the banner must
 * start with a 3-digit code and a space or CR (else L7RSP, info: its first line), that code must be 2xx (else L7STS
 * with the code and the text after it); then {@code HELO localhost} (or the configured command) is sent and the
 * answer must start with 2xx and a dash, space or CR: passed L7OK with the code and the text as info, else L7STS.
 * Each expect waits for 4 bytes, then judges.
 */
public final class SmtpCheck {
    private static final Pattern BANNER = Pattern.compile("^[0-9]{3}[ \r]");
    private static final Pattern BANNER_2XX = Pattern.compile("^2[0-9]{2}[ \r]");
    private static final Pattern REPLY_2XX = Pattern.compile("^2[0-9]{2}[- \r]");

    private SmtpCheck() {}

    /** @param command {@code HELO localhost} unless the option names {@code EHLO|HELO <domain>} */
    public static List<Step> steps(String command) {
        byte[] req = (command + "\r\n").getBytes(StandardCharsets.ISO_8859_1);
        return List.of(
                new Step.Connect(),
                new Step.Expect(new Rule(BANNER, CheckStatus.L7RSP, 0, false)),
                new Step.Expect(new Rule(BANNER_2XX, CheckStatus.L7STS, 4, false)),
                new Step.Send(req::clone),
                new Step.Expect(new Rule(REPLY_2XX, CheckStatus.L7STS, 4, true)));
    }

    /**
     * One regex rule; {@code textFrom} 0: the info on error is the whole first line, 4: the text after the code
     * (and the code is reported).
     */
    private record Rule(Pattern p, CheckStatus error, int textFrom, boolean infoOnSuccess) implements ExpectRule {
        @Override
        public Verdict judge(byte[] in, boolean lastRead) {
            if (!lastRead && in.length < 4) return Verdict.WAIT;
            boolean ok = p.matcher(new String(in, StandardCharsets.ISO_8859_1)).find();
            int code = textFrom == 0 ? 0 : Payload.code3(in);
            String text = textFrom == 0
                    ? Payload.cutCrlf(Payload.from(in, 0))
                    : Payload.cutCrlf(Payload.ltrimSpaces(Payload.from(in, textFrom)));
            if (ok) return Verdict.next(CheckStatus.L7OK, code, infoOnSuccess ? text : "");
            return Verdict.fail(error, code, text);
        }

        @Override
        public CheckStatus errorStatus() {
            return error;
        }
    }
}
