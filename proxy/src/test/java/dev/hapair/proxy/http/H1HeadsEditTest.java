package dev.hapair.proxy.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.hapair.proxy.h1.HeadParser;
import dev.hapair.proxy.rules.HeadEditor;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The shortcut for a rule's constant header name and value ({@link HeadEditor#acceptName}, {@link
 * HeadEditor#acceptValue}, {@link HeadEditor#edit}) has exactly the effect of {@code set} and {@code add}: over
 * names and values of every kind (framing fields, invalid names, CR/LF/NUL, characters above 0xff) the emitted
 * head, or the refusal, is the same.
 */
class H1HeadsEditTest {

    private static final String[] NAMES = {
        "X-Forwarded-Proto",
        "x-api",
        "Host",
        "host",
        "Content-Length",
        "content-length",
        "Transfer-Encoding",
        "TRANSFER-ENCODING",
        "X Bad",
        "X:Bad",
        "",
        "X-\u00e9",
        "X-\u0100",
        "X-Via",
        "User-Agent",
        "a"
    };
    private static final String[] VALUES = {
        "http", "1", "", " spaced ", "a\r\nInjected: 1", "a\nb", "nul\0", "caf\u00e9", "\u0100bove", "t=1733", "x,y"
    };

    private static HeadEditor head() throws Exception {
        return H1Heads.request(HeadParser.requestOf(
                "GET / HTTP/1.1\r\nHost: h\r\nX-API: 0\r\nContent-Length: 0\r\nUser-Agent: wrk\r\n\r\n"));
    }

    /** The emitted head after {@code edit}, or the refusal's class. */
    private static String outcome(HeadEditor h, Runnable edit) {
        try {
            edit.run();
        } catch (RuntimeException e) {
            return "refused: " + e.getClass().getSimpleName();
        }
        return ((H1Heads.Head) h).m.emittedText();
    }

    @Test
    void theShortcutDoesWhatSetAndAddDo() throws Exception {
        Random rnd = new Random(13);
        for (int round = 0; round < 3000; round++) {
            HeadEditor generic = head(), fast = head();
            // a few edits first, so that set replaces lines as well as adds them
            for (int k = rnd.nextInt(3); k > 0; k--) {
                String n = NAMES[rnd.nextInt(NAMES.length)], v = VALUES[rnd.nextInt(VALUES.length)];
                outcome(generic, () -> generic.add(n, v));
                outcome(fast, () -> fast.add(n, v));
            }
            boolean set = rnd.nextBoolean(), constant = rnd.nextBoolean();
            String name = NAMES[rnd.nextInt(NAMES.length)], value = VALUES[rnd.nextInt(VALUES.length)];
            Object nameToken = fast.acceptName(name), valueToken = constant ? fast.acceptValue(value) : null;
            String want = outcome(generic, () -> {
                if (set) generic.set(name, value);
                else generic.add(name, value);
            });
            String got = outcome(fast, () -> fast.edit(set, name, nameToken, value, valueToken));
            assertEquals(want, got, (set ? "set " : "add ") + name + ": " + value + (constant ? " (constant)" : ""));
        }
    }

    /**
     * del-header's one scan ({@link HeadEditor#removeCounted}) frees what {@code lineBytes} counted and deletes
     * what {@code remove} deletes: over received, added, edited and already deleted lines of one name in any case.
     */
    @Test
    void removeCountedIsLineBytesThenRemove() throws Exception {
        Random rnd = new Random(17);
        for (int round = 0; round < 3000; round++) {
            HeadEditor generic = head(), fast = head();
            for (int k = rnd.nextInt(5); k > 0; k--) {
                String n = NAMES[rnd.nextInt(NAMES.length)], v = VALUES[rnd.nextInt(VALUES.length)];
                int what = rnd.nextInt(3);
                for (HeadEditor h : new HeadEditor[] {generic, fast}) {
                    outcome(h, () -> {
                        if (what == 0) h.add(n, v);
                        else if (what == 1) h.rewrite(n, old -> old + v); // an edited value, longer or not
                        else h.remove(n.toLowerCase(java.util.Locale.ROOT));
                    });
                }
            }
            String name = NAMES[rnd.nextInt(NAMES.length)].toLowerCase(java.util.Locale.ROOT);
            for (int again = 0; again < 2; again++) { // the second time, the lines are already deleted
                long want = generic.lineBytes(name);
                generic.remove(name);
                long got = fast.removeCounted(name);
                assertEquals(want, got, "bytes of " + name);
                assertEquals(((H1Heads.Head) generic).m.emittedText(), ((H1Heads.Head) fast).m.emittedText(), name);
            }
        }
    }

    @Test
    void onlyWhatTheEngineAcceptsGetsAToken() throws Exception {
        HeadEditor h = head();
        assertNotNull(h.acceptName("X-Forwarded-Proto"));
        assertNull(h.acceptName("Content-Length"));
        assertNull(h.acceptName("transfer-encoding"));
        assertNull(h.acceptName("X Bad"));
        assertNull(h.acceptName(""));
        assertNotNull(h.acceptValue("http"));
        assertNull(h.acceptValue("a\r\nb"));
        assertNull(h.acceptValue("\u0100"));
    }
}
