package dev.hapair.proxy.netty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hapair.proxy.h1.H1Limits;
import dev.hapair.proxy.h1.HeadParser;
import dev.hapair.proxy.h1.RequestHead;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.Test;

/**
 * A keep-alive connection reuses its ended exchange for its next request ({@link HttpSession}'s retire): nothing of
 * the previous request may reach the next one, and only an exchange nothing can call on any more is reused.
 */
class HttpExchangeRecycleTest {
    private static RequestHead head(String s) throws Exception {
        return HeadParser.parseRequest(s.getBytes(StandardCharsets.ISO_8859_1), H1Limits.DEFAULTS);
    }

    private static List<Field> stateFields() {
        return FieldResets.stateFields(HttpExchange.class);
    }

    private static void dirty(HttpExchange e, Field f, Object fresh) {
        FieldResets.dirty(e, f, fresh);
    }

    private static Object f(HttpExchange e, String name) throws Exception {
        Field f = HttpExchange.class.getDeclaredField(name);
        f.setAccessible(true);
        return f.get(e);
    }

    @Test
    void recycleThenBeginIsANewExchangeInEveryField() throws Exception {
        RequestHead first = head("POST /a HTTP/1.1\r\nContent-Length: 5\r\n\r\n");
        RequestHead next = head("HEAD /b HTTP/1.1\r\nHost: x\r\n\r\n");
        HttpExchange used = new HttpExchange(null, first, 10, 20);
        HttpExchange fresh = new HttpExchange(null, next, 30, 40);
        List<Field> fields = stateFields();
        int dirtied = 0;
        for (Field f : fields) {
            if (Modifier.isFinal(f.getModifiers())) {
                assertEquals("owner", f.getName(), "only the session is fixed for an exchange's life: " + f);
                continue;
            }
            dirty(used, f, f.get(fresh));
            assertNotEquals(f.get(fresh), f.get(used), f.getName());
            dirtied++;
        }
        assertTrue(dirtied > 50, "every field of the exchange is checked: " + dirtied);
        Object previousFramer = f(used, "responseBody");
        used.recycle();
        used.begin(next, 30, 40);
        assertTrue(f(used, "spareResponseBody") == previousFramer, "the response framer is kept for the next one");
        for (Field f : fields) {
            if (f.getName().equals("spareResponseBody")) continue; // checked above
            if (f.getName().equals("requestBody")) {
                assertEquals(fresh.requestBody.isDone(), used.requestBody.isDone(), "request body framing");
                continue;
            }
            assertTrue(Objects.equals(f.get(fresh), f.get(used)), f.getName() + " is not reset by recycle()");
        }
        assertTrue(used.clientHead);
        assertEquals(HttpExchange.RequestPhase.DONE, used.requestPhase);
    }

    @Test
    void recycleKeepsNothingOfTheRequestAlive() throws Exception {
        HttpExchange e = new HttpExchange(null, head("GET / HTTP/1.1\r\n\r\n"), 1, 2);
        for (Field f : stateFields()) {
            if (!Modifier.isFinal(f.getModifiers())
                    && !f.getType().isPrimitive()
                    && !f.getType().isEnum()) dirty(e, f, null);
        }
        e.recycle();
        for (Field f : stateFields()) {
            if (Modifier.isFinal(f.getModifiers())
                    || f.getType().isPrimitive()
                    || f.getType().isEnum()) continue;
            if (f.getName().equals("spareResponseBody")) continue; // a framer: counters and a (kind, length)
            assertEquals(null, f.get(e), f.getName() + " still refers to the ended request");
        }
    }

    @Test
    void onlyAnExchangeNothingCanCallOnIsReused() throws Exception {
        HttpExchange e = new HttpExchange(null, head("GET / HTTP/1.1\r\n\r\n"), 1, 2);
        assertTrue(HttpSession.retirable(e));
        e.spliced = true; // a splice job's listener may still run after the exchange ended
        assertFalse(HttpSession.retirable(e));
        e.spliced = false;
        e.localService = (body, alloc) -> null;
        assertFalse(HttpSession.retirable(e));
        e.localService = null;
        e.link = new ServerLink(null, 1024); // a server connection still delivers to it
        assertFalse(HttpSession.retirable(e));
    }
}
