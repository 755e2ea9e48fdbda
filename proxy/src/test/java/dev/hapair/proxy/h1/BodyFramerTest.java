package dev.hapair.proxy.h1;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BodyFramerTest {

    /** Feeds {@code body} in pieces of {@code step} bytes; returns the bytes that belong to the message. */
    private static int feed(BodyFramer f, String body, int step) throws H1Exception {
        ByteBuf all = H1.buf(body);
        int taken = 0;
        while (all.isReadable() && !f.isDone()) {
            ByteBuf piece = all.readSlice(Math.min(step, all.readableBytes()));
            int n = f.advance(piece);
            taken += n;
            if (n < piece.readableBytes()) break;
        }
        return taken;
    }

    @Test
    void chunkedBodyEndsAfterItsLastChunkAndTrailers() throws Exception {
        String body = "5\r\nhello\r\n3;ext=1\r\nabc\r\nA \r\n0123456789\r\n0\r\nTrailer: x\r\n\r\n";
        for (int step : new int[] {1, 2, 7, 1000}) {
            BodyFramer f = new BodyFramer(BodyFraming.CHUNKED);
            assertEquals(body.length(), feed(f, body + "GET / HTTP/1.1\r\n", step), "step " + step);
            assertTrue(f.isDone());
        }
    }

    @Test
    void checkFindsAChunkErrorWithinItsLimitAndConsumesNothing() throws Exception {
        ByteBuf bad = H1.buf("2\r\nok\r\nzz\r\n");
        H1Exception e = assertThrows(H1Exception.class, () -> BodyFramer.check(BodyFraming.CHUNKED, bad, 100, 101));
        assertEquals(7, e.offset(), "the first byte of the bad size line");
        assertEquals(0, bad.readerIndex());
        // beyond the limit (HAProxy's buffer) the error is left to the relay; a partial chunk is not an error
        BodyFramer.check(BodyFraming.CHUNKED, bad, 7, 101);
        BodyFramer.check(BodyFraming.CHUNKED, H1.buf("5\r\nhel"), 100, 101);
        // only a chunked body is examined: these bytes are any sized body's data
        BodyFramer.check(BodyFraming.length(12), bad, 100, 101);
        // trailers count against tune.http.maxhdr as when relayed
        assertThrows(
                H1Exception.class,
                () -> BodyFramer.check(BodyFraming.CHUNKED, H1.buf("0\r\na: 1\r\nb: 2\r\n\r\n"), 100, 2));
    }

    @Test
    void lengthBodyStopsAtItsLength() throws Exception {
        BodyFramer f = new BodyFramer(BodyFraming.length(4));
        assertEquals(4, f.advance(H1.buf("abcdefg")));
        assertTrue(f.isDone());
    }

    @Test
    void splicedBytesAreAccountedLikeForwardedOnes() throws Exception {
        BodyFramer f = new BodyFramer(BodyFraming.length(10));
        assertEquals(3, f.advance(H1.buf("abc")));
        assertEquals(7, f.bulkRemaining());
        assertThrows(IllegalArgumentException.class, () -> f.skipped(8), "never past the body's end");
        f.skipped(5);
        assertEquals(2, f.bulkRemaining());
        assertEquals(8, f.total());
        assertEquals(2, f.advance(H1.buf("xyGET")), "the next message's bytes are not the body's");
        assertTrue(f.isDone());
        assertEquals(0, f.bulkRemaining());

        BodyFramer u = new BodyFramer(BodyFraming.UNTIL_CLOSE);
        assertEquals(-1, u.bulkRemaining());
        u.skipped(1 << 20);
        assertEquals(1 << 20, u.total());
        u.closed();
        assertTrue(u.isDone());

        BodyFramer c = new BodyFramer(BodyFraming.CHUNKED);
        assertEquals(0, c.bulkRemaining(), "a chunked body is never moved in bulk");
        assertThrows(IllegalArgumentException.class, () -> c.skipped(1));
    }

    @Test
    void truncationIsAnErrorExceptForCloseDelimited() throws Exception {
        BodyFramer f = new BodyFramer(BodyFraming.length(4));
        f.advance(H1.buf("ab"));
        assertThrows(H1Exception.class, f::closed);
        BodyFramer c = new BodyFramer(BodyFraming.CHUNKED);
        c.advance(H1.buf("5\r\nab"));
        assertThrows(H1Exception.class, c::closed);
        BodyFramer u = new BodyFramer(BodyFraming.UNTIL_CLOSE);
        assertEquals(3, u.advance(H1.buf("abc")));
        assertFalse(u.isDone());
        u.closed();
        assertTrue(u.isDone());
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "FFFFFFFFFFFFFFFFF\r\n", // overflows 64 bits
                "10000000000000\r\nhello\r\n", // 2^52: HAProxy 2.6's first size refused
                "0000010000000000000\r\nhello\r\n", // the same after leading zeros
                "FFFFFFFFFFFFFFFF\r\nhello\r\n", // 2^64 - 1: fits 64 bits, not HAProxy's 52
                "-5\r\nhello\r\n0\r\n\r\n",
                "0x5\r\nhello\r\n0\r\n\r\n",
                " 5\r\nhello\r\n0\r\n\r\n",
                "5\r\nhelloX\r\n0\r\n\r\n", // data longer than the size
                "5\nhello\r\n0\r\n\r\n", // bare LF after the size
                "5\r\nhello\n0\r\n\r\n", // bare LF after the data
                "5\r\nhello\r\n0\r\n\n", // bare LF at the end
                "5\rhello\r\n0\r\n\r\n", // bare CR
                "\r\nhello\r\n", // empty size
                "5 5\r\nhello\r\n", // digits after whitespace
                "5;a\u0001\r\nhello\r\n", // control byte in an extension
                "0\r\nBad Trailer\u0000: x\r\n\r\n",
                "0\r\n:x\r\n\r\n",
                "0\r\nBad Name: x\r\n\r\n", // not a token before the colon (HAProxy 2.6: 400 / 502)
                "0\r\nnocolon\r\n\r\n", // no colon at all
                "0\r\nX(: y\r\n\r\n",
            })
    void refusedChunkedBodies(String body) {
        assertThrows(H1Exception.class, () -> feed(new BodyFramer(BodyFraming.CHUNKED), body, 1000));
        assertThrows(H1Exception.class, () -> feed(new BodyFramer(BodyFraming.CHUNKED), body, 1));
    }

    @Test
    void chunkSizesUpTo2Pow52Minus1AreAcceptedLeadingZerosIncluded() throws Exception {
        BodyFramer f = new BodyFramer(BodyFraming.CHUNKED);
        // 2^52 - 1 after seven zeros: the size line (22 bytes) and the 3 data bytes so far belong to the body
        assertEquals(25, f.advance(H1.buf("0000000FFFFFFFFFFFFF\r\nabc")));
        assertFalse(f.isDone());
    }

    /** {@code n} trailer fields and the end of the trailer section. */
    private static String trailers(int n) {
        StringBuilder sb = new StringBuilder("3\r\nabc\r\n0\r\n");
        for (int i = 0; i < n; i++) sb.append("X-T").append(i).append(": v\r\n");
        return sb.append("\r\n").toString();
    }

    @Test
    void trailerFieldsAreLimitedAsAHeadsFields() throws Exception {
        // HAProxy 2.6 (h1_parse_msg_tlrs): tune.http.maxhdr - 1 trailer fields at most, as in a head
        String hundred = trailers(100);
        BodyFramer ok = BodyFramer.of(BodyFraming.CHUNKED, null, 101);
        assertEquals(hundred.length(), feed(ok, hundred, 7));
        assertTrue(ok.isDone());
        assertThrows(H1Exception.class, () -> feed(BodyFramer.of(BodyFraming.CHUNKED, null, 101), trailers(101), 7));
        assertThrows(H1Exception.class, () -> feed(new BodyFramer(BodyFraming.CHUNKED), trailers(101), 1000));
        // the configured limit, and a reused framer counts afresh
        BodyFramer small = BodyFramer.of(BodyFraming.CHUNKED, null, 5);
        assertThrows(H1Exception.class, () -> feed(small, trailers(5), 1000));
        BodyFramer again = BodyFramer.of(BodyFraming.CHUNKED, ok, 5);
        assertEquals(trailers(4).length(), feed(again, trailers(4), 1000));
        assertTrue(again.isDone());
    }

    @Test
    void errorIsRaisedBeforeAnyByteOfTheBadReadIsAccepted() throws Exception {
        BodyFramer f = new BodyFramer(BodyFraming.CHUNKED);
        assertEquals(10, f.advance(H1.buf("5\r\nhello\r\n")));
        assertThrows(H1Exception.class, () -> f.advance(H1.buf("-1\r\n")));
        assertEquals(10, f.total());
    }

    @Test
    void aFramerMadeFromASpareIsANewOneWhateverTheSpareWasDoing() throws Exception {
        String chunked = "5\r\nhello\r\n3;ext=1\r\nabc\r\n0\r\nTrailer: x\r\n\r\n";
        BodyFramer spare = new BodyFramer(BodyFraming.CHUNKED);
        feed(spare, "5\r\nhel", 3); // left inside a chunk's data
        BodyFramer f = BodyFramer.of(BodyFraming.length(4), spare);
        assertTrue(f == spare, "the spare is used");
        assertEquals(4, feed(f, "abcdNEXT", 2));
        assertTrue(f.isDone());
        assertEquals(4, f.total());
        BodyFramer c = BodyFramer.of(BodyFraming.CHUNKED, f); // from a finished length framer
        assertEquals(chunked.length(), feed(c, chunked + "GET", 1));
        assertTrue(c.isDone());
        feed(spare = new BodyFramer(BodyFraming.CHUNKED), "5;e", 1); // inside a chunk extension
        BodyFramer again = BodyFramer.of(BodyFraming.CHUNKED, spare);
        assertEquals(chunked.length(), feed(again, chunked, 4));
        assertThrows(H1Exception.class, () -> feed(BodyFramer.of(BodyFraming.CHUNKED, again), "5\r\nhelloXX", 20));
    }

    @Test
    void noBodyNeverUsesOrChangesTheSpareAndTheSharedFramerIsNeverASpare() throws Exception {
        BodyFramer spare = new BodyFramer(BodyFraming.length(3));
        BodyFramer none = BodyFramer.of(BodyFraming.NONE, spare);
        assertTrue(none.isDone());
        assertFalse(spare.isDone(), "the spare is untouched");
        BodyFramer made = BodyFramer.of(BodyFraming.length(2), none);
        assertTrue(made != none, "the shared framer of bodyless messages is never reset");
        assertTrue(none.isDone());
        assertTrue(BodyFramer.of(BodyFraming.NONE, null).isDone());
    }

    @Test
    void smallLengthsShareTheirFramingAndEveryLengthKeepsItsValue() {
        assertTrue(BodyFraming.length(7) == BodyFraming.length(7));
        assertTrue(BodyFraming.length(1024) == BodyFraming.length(1024));
        assertFalse(BodyFraming.length(1025) == BodyFraming.length(1025), "larger lengths are not kept");
        for (long n : new long[] {1, 7, 1024, 1025, 1L << 40}) {
            BodyFraming f = BodyFraming.length(n);
            assertEquals(BodyFraming.Kind.LENGTH, f.kind());
            assertEquals(n, f.length());
        }
        assertTrue(BodyFraming.length(0) == BodyFraming.NONE);
    }
}
