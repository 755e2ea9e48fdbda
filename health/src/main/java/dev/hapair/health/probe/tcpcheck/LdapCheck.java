package dev.hapair.health.probe.tcpcheck;

import dev.hapair.health.CheckStatus;
import java.util.List;

/**
 * {@code option ldap-check} as HAProxy 2.6 runs it: sends an anonymous LDAPv3 BindRequest (message id 1) and reads
 * the BindResponse. It must start with a SEQUENCE (0x30; at least 14 bytes awaited), its length on one byte or on
 * 2 or 4 (long form), then message id 1 and bindResponse (02 01 01 61), then the resultCode ENUMERATED (0a 01):
 * 0 passes L7OK "Success"; another code is L7STS with that code and "See RFC: ...#section-4.1.9"; anything else is
 * L7RSP "Not LDAPv3 protocol".
 */
public final class LdapCheck {
    static final byte[] BIND = {
        0x30, 0x0C, 0x02, 0x01, 0x01, 0x60, 0x07, 0x02, 0x01, 0x03, 0x04, 0x00, (byte) 0x80, 0x00
    };
    static final String NOT_LDAP = "Not LDAPv3 protocol";

    private LdapCheck() {}

    public static List<Step> steps() {
        ExpectRule sequence = (in, lastRead) -> {
            if (!lastRead && in.length < 14) return Verdict.WAIT;
            return in[0] == 0x30 ? Verdict.next(CheckStatus.L7OK, 0, "") : Verdict.fail(CheckStatus.L7RSP, 0, NOT_LDAP);
        };
        return List.of(new Step.Send(BIND::clone), new Step.Expect(sequence), new Step.Expect(LdapCheck::bindResponse));
    }

    static Verdict bindResponse(byte[] in, boolean lastRead) {
        if (in.length < 2) return lastRead ? Verdict.fail(CheckStatus.L7RSP, 0, "") : Verdict.WAIT;
        int p = 1;
        int nbytes = 0;
        long msglen;
        if ((in[p] & 0x80) != 0) {
            nbytes = in[p] & 0x7f;
            if (in.length < 1 + nbytes) return lastRead ? Verdict.fail(CheckStatus.L7RSP, 0, "") : Verdict.WAIT;
            if (nbytes != 2 && nbytes != 4) return Verdict.fail(CheckStatus.L7RSP, 0, NOT_LDAP);
            if (in.length < p + 1 + nbytes) return lastRead ? Verdict.fail(CheckStatus.L7RSP, 0, "") : Verdict.WAIT;
            msglen = 0;
            for (int i = 0; i < nbytes; i++) msglen = msglen << 8 | (in[p + 1 + i] & 0xff);
        } else {
            msglen = in[p] & 0xff;
        }
        p += 1 + nbytes;
        if (in.length < 2 + nbytes + msglen) return lastRead ? Verdict.fail(CheckStatus.L7RSP, 0, "") : Verdict.WAIT;
        // message id 1, bindResponse
        if (!at(in, p, 0x02, 0x01, 0x01, 0x61)) return Verdict.fail(CheckStatus.L7RSP, 0, NOT_LDAP);
        p += 4;
        if (p >= in.length) return Verdict.fail(CheckStatus.L7RSP, 0, NOT_LDAP);
        int skip = (in[p] & 0x80) != 0 ? in[p] & 0x7f : 0; // the bindResponse's length
        p += 1 + skip;
        if (!at(in, p, 0x0a, 0x01) || p + 2 >= in.length) return Verdict.fail(CheckStatus.L7RSP, 0, NOT_LDAP);
        int code = in[p + 2]; // HAProxy reads it as a signed char
        if (code != 0) {
            return Verdict.fail(CheckStatus.L7STS, code, "See RFC: http://tools.ietf.org/html/rfc4511#section-4.1.9");
        }
        return Verdict.next(CheckStatus.L7OK, 0, "Success");
    }

    private static boolean at(byte[] in, int p, int... want) {
        if (p < 0 || p + want.length > in.length) return false;
        for (int i = 0; i < want.length; i++) if ((in[p + i] & 0xff) != want[i]) return false;
        return true;
    }
}
