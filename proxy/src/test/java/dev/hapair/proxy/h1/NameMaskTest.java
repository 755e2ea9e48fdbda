package dev.hapair.proxy.h1;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The name bits that let {@link MessageHead#indexOf} answer "absent" without a scan never hide a field: over
 * random heads (received fields, added ones, deletions, names differing in case or sharing a bit), every look-up
 * finds what a plain scan of {@link MessageHead#nameIs} finds.
 */
class NameMaskTest {

    /** Names of the usual shapes plus ones made to share first, last character and length with them. */
    private static final String[] NAMES = {
        "Host",
        "host",
        "HOST",
        "Hoxt",
        "hast",
        "Proxy",
        "proxy",
        "X-Debug",
        "x-debug",
        "X-Dxbug",
        "Authorization",
        "User-Agent",
        "user-agent",
        "Uxer-Agent",
        "X-Forwarded-Host",
        "x-forwarded-host",
        "X-Forwarded-Proto",
        "X-Request-Start",
        "X-Client",
        "X-Host",
        "x-host",
        "X-Via",
        "X-Path-Len",
        "a",
        "A",
        "b",
        "ab",
        "Ab",
        "aB",
        "Content-Type",
        "Cookie",
        "cookie",
        "Accept",
        "Accept-Encoding",
        "Connection",
        "x",
        "X",
        "zz",
        "Z-z"
    };

    /** What indexOf must answer: the first live field named {@code name} from {@code from}, by a plain scan. */
    private static int scan(MessageHead h, String name, int from) {
        for (int i = from; i < h.fieldCount(); i++) if (!h.isDeleted(i) && h.nameIs(i, name)) return i;
        return -1;
    }

    @Test
    void everyLookUpFindsWhatAScanFinds() throws Exception {
        Random rnd = new Random(13);
        int absentAnswers = 0;
        for (int round = 0; round < 2000; round++) {
            StringBuilder raw = new StringBuilder("GET / HTTP/1.1\r\n");
            int received = rnd.nextInt(8);
            for (int k = 0; k < received; k++) {
                // one value for all: several Host lines must agree
                raw.append(NAMES[rnd.nextInt(NAMES.length)]).append(": v\r\n");
            }
            RequestHead h = HeadParser.requestOf(raw.append("\r\n").toString());
            List<String> ops = new ArrayList<>();
            for (int step = 0; step < 12; step++) {
                String name = NAMES[rnd.nextInt(NAMES.length)];
                switch (rnd.nextInt(4)) {
                    case 0 -> h.addHeader(name, "a" + step);
                    case 1 -> h.setHeader(name, "s" + step);
                    case 2 -> h.delHeader(name);
                    default -> {
                        if (h.fieldCount() > 0) h.delete(rnd.nextInt(h.fieldCount()));
                    }
                }
                ops.add(name);
                for (String q : NAMES) {
                    for (int from = 0; from <= h.fieldCount(); from++) {
                        int want = scan(h, q, from);
                        assertEquals(
                                want, h.indexOf(q, from), () -> "look-up of " + q + " after " + ops + " in " + raw);
                        if (want < 0 && from == 0) absentAnswers++;
                    }
                    assertEquals(scan(h, q, 0) >= 0, h.hasHeader(q));
                }
            }
        }
        assertTrue(absentAnswers > 1000, "the absent case was exercised: " + absentAnswers);
    }

    @Test
    void theBitIgnoresCaseAndSpreadsTheUsualNames() {
        assertEquals(MessageHead.nameBit("X-Forwarded-Host"), MessageHead.nameBit("x-forwarded-host"));
        assertEquals(MessageHead.nameBit("HOST"), MessageHead.nameBit("host"));
        // the fields a rule block adds and those it looks for should mostly not share a bit (else no shortcut)
        assertNotEquals(MessageHead.nameBit("host"), MessageHead.nameBit("proxy"));
        assertNotEquals(MessageHead.nameBit("host"), MessageHead.nameBit("x-forwarded-host"));
        assertNotEquals(MessageHead.nameBit("x-forwarded-proto"), MessageHead.nameBit("authorization"));
    }
}
