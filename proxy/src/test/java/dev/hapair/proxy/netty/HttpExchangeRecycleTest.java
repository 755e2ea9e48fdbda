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
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.Test;

/**
 * A keep-alive connection reuses its ended exchange for its next request ({@link HttpSession}'s retire): nothing of
 * the previous request may reach the next one, and only an exchange nothing can call on any more is reused.
 */
class HttpExchangeRecycleTest {
    private static final sun.misc.Unsafe UNSAFE = unsafe();

    private static sun.misc.Unsafe unsafe() {
        try {
            Field f = sun.misc.Unsafe.class.getDeclaredField("theUnsafe");
            f.setAccessible(true);
            return (sun.misc.Unsafe) f.get(null);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    private static RequestHead head(String s) throws Exception {
        return HeadParser.parseRequest(s.getBytes(StandardCharsets.ISO_8859_1), H1Limits.DEFAULTS);
    }

    private static List<Field> stateFields() {
        List<Field> out = new ArrayList<>();
        for (Field f : HttpExchange.class.getDeclaredFields()) {
            if (Modifier.isStatic(f.getModifiers()) || f.isSynthetic()) continue;
            f.setAccessible(true);
            out.add(f);
        }
        return out;
    }

    /** Sets {@code f} of {@code e} to a value no new exchange has (any object in a reference field). */
    @SuppressWarnings("deprecation") // Unsafe field offsets: the only way to put a value in any field whatever its type
    private static void dirty(HttpExchange e, Field f, Object fresh) throws Exception {
        long at = UNSAFE.objectFieldOffset(f);
        Class<?> t = f.getType();
        if (t == boolean.class) UNSAFE.putBoolean(e, at, !(Boolean) fresh);
        else if (t == int.class) UNSAFE.putInt(e, at, (Integer) fresh + 7);
        else if (t == long.class) UNSAFE.putLong(e, at, (Long) fresh + 7);
        else if (t.isPrimitive()) throw new AssertionError("a field of type " + t + ": extend this test");
        else if (t.isEnum()) {
            Object[] all = t.getEnumConstants();
            UNSAFE.putObject(e, at, all[0] == fresh ? all[all.length - 1] : all[0]);
        } else UNSAFE.putObject(e, at, new Object()); // never read before recycle() overwrites it
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
