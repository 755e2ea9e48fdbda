package dev.hapair.proxy.h1;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * A connection parses its next head into the field-slot array the previous one gave up ({@link
 * MessageHead#releaseSlots}): the new head must read exactly as one parsed into a new array, whatever the array
 * held (a larger head's slots, edits, garbage), and the old head must never read the new one's slots.
 */
class HeadSlotReuseTest {
    private static final String BIG_REQUEST = "POST /old?x=1 HTTP/1.1\r\nHost: old.example\r\nContent-Length: 3\r\n"
            + "X-A: 1\r\nX-B: 2\r\nCookie: a=1\r\nX-A: 3\r\nAccept: */*\r\nUser-Agent: old\r\nX-Folded: a\r\n b\r\n"
            + "Connection: close\r\nX-Last:  z  \r\n\r\n";
    private static final String REQUEST = "GET /new HTTP/1.1\r\nhost:  new.example \r\nX-B: 9\r\n\r\n";
    private static final String RESPONSE = "HTTP/1.1 200 OK\r\nServer: nginx\r\nContent-Length: 7\r\n"
            + "Content-Type: text/html\r\nConnection: keep-alive\r\n\r\n";

    /** The slots of a big edited request, then overwritten with garbage where the edits did not write. */
    private static int[] dirtySlots() throws Exception {
        RequestHead old = H1.request(BIG_REQUEST);
        old.delHeader("x-a");
        old.setHeader("X-B", "edited");
        old.addHeader("X-Added", "1");
        old.replaceValue(old.indexOf("cookie", 0), "b=2");
        int[] slots = old.releaseSlots();
        for (int k = 0; k < slots.length; k += 3) slots[k] = 1_000 + k;
        return slots;
    }

    @Test
    void aRequestHeadParsedIntoAGivenUpArrayReadsAsAFreshOne() throws Exception {
        int[] slots = dirtySlots();
        RequestHead reused =
                HeadParser.parseRequest(H1.scan(REQUEST, H1Limits.DEFAULTS, true), H1Limits.DEFAULTS, 0, slots);
        RequestHead fresh = H1.request(REQUEST);
        assertSameHead(fresh, reused);
        assertEquals(fresh.uri(), reused.uri());
        assertEquals(fresh.framing(), reused.framing());
        assertEquals(fresh.clientKeepAlive(), reused.clientKeepAlive());
        // edits past the array's size grow it as a new head's would
        for (MessageHead h : new MessageHead[] {fresh, reused}) {
            for (int k = 0; k < 40; k++) h.addHeader("X-N" + k, "v" + k);
            h.delHeader("x-b");
            h.replaceValue(0, "edited.example");
        }
        assertSameHead(fresh, reused);
    }

    @Test
    void aResponseHeadParsedIntoAGivenUpArrayReadsAsAFreshOne() throws Exception {
        int[] slots = dirtySlots();
        ResponseHead reused =
                HeadParser.parseResponse(H1.scan(RESPONSE, H1Limits.DEFAULTS, false), H1Limits.DEFAULTS, false, slots);
        ResponseHead fresh = H1.response(RESPONSE);
        assertSameHead(fresh, reused);
        assertEquals(fresh.status(), reused.status());
        assertEquals(fresh.framing(), reused.framing());
        assertEquals(fresh.serverKeepAlive(), reused.serverKeepAlive());
        assertSame(slots, reused.releaseSlots(), "the given array was used");
    }

    @Test
    void aReleasedHeadReadsNoFieldAndGivesItsArrayOnce() throws Exception {
        RequestHead h = H1.request(REQUEST);
        int[] slots = h.releaseSlots();
        Arrays.fill(slots, 0); // as the next head would write it
        assertThrows(ArrayIndexOutOfBoundsException.class, () -> h.fieldValue(0));
        assertThrows(ArrayIndexOutOfBoundsException.class, () -> h.header("host"));
        assertNull(h.releaseSlots());
    }

    @Test
    void anArrayTooSmallIsNotUsedAndOneTooLargeIsNotKept() throws Exception {
        int[] small = new int[5]; // one field: the request needs three slots (two fields and the spare)
        RequestHead h = HeadParser.parseRequest(H1.scan(REQUEST, H1Limits.DEFAULTS, true), H1Limits.DEFAULTS, 0, small);
        assertSameHead(H1.request(REQUEST), h);
        assertNotSame(small, h.releaseSlots());
        StringBuilder many = new StringBuilder("GET / HTTP/1.1\r\n");
        for (int k = 0; k < 40; k++) many.append("X-").append(k).append(": v\r\n");
        RequestHead big = H1.request(many.append("\r\n").toString());
        assertNull(big.releaseSlots(), "a connection keeps at most " + MessageHead.KEPT_SLOTS_MAX + " ints");
    }

    /** Every field as every read sees it, the look-ups of names either head has, and the emitted bytes. */
    private static void assertSameHead(MessageHead want, MessageHead got) {
        assertEquals(want.fieldCount(), got.fieldCount());
        for (int i = 0; i < want.fieldCount(); i++) {
            assertEquals(want.fieldName(i), got.fieldName(i), "name " + i);
            assertEquals(want.fieldValue(i), got.fieldValue(i), "value " + i);
            assertEquals(want.editedValue(i), got.editedValue(i), "edit " + i);
            assertEquals(want.isDeleted(i), got.isDeleted(i), "deleted " + i);
            assertEquals(want.rawValueStart(i), got.rawValueStart(i), "raw start " + i);
            if (want.rawValueStart(i) >= 0) assertEquals(want.rawValueEnd(i), got.rawValueEnd(i), "raw end " + i);
        }
        for (String n : new String[] {
            "host",
            "x-a",
            "x-b",
            "cookie",
            "accept",
            "user-agent",
            "x-folded",
            "connection",
            "x-last",
            "x-added",
            "content-length",
            "server",
            "content-type",
            "x-n3"
        }) {
            assertEquals(want.headers(n), got.headers(n), n);
            assertEquals(want.lineBytes(n), got.lineBytes(n), n);
        }
        assertEquals(want.addedFields(), got.addedFields());
        assertEquals(want.connectionClose(), got.connectionClose());
        assertEquals(want.connectionKeepAlive(), got.connectionKeepAlive());
        assertEquals(want.emittedSize(), got.emittedSize());
        assertEquals(want.emittedText(), got.emittedText());
    }
}
