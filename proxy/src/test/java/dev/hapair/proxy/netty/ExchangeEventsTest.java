package dev.hapair.proxy.netty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.hapair.proxy.netty.ExchangeEvents.Abort;
import dev.hapair.proxy.netty.ExchangeEvents.Answer;
import dev.hapair.proxy.netty.ExchangeEvents.Close;
import dev.hapair.proxy.netty.ExchangeEvents.FinishThenClose;
import dev.hapair.proxy.netty.ExchangeEvents.Ignore;
import dev.hapair.proxy.netty.ExchangeEvents.ResumeThenAbort;
import dev.hapair.proxy.netty.ExchangeEvents.ServerFailure;
import dev.hapair.proxy.netty.ExchangeEvents.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Timeouts and client aborts decided without sockets: HAProxy 2.6's answers and two-letter termination states. */
class ExchangeEventsTest {

    private static String code(Termination t) {
        return t == null ? null : t.code();
    }

    @Test
    void timeoutsAnswerOrAbortAsHAProxy() {
        assertEquals(
                new Answer(408, Termination.CLIENT_TIMEOUT_REQUEST, true),
                ExchangeEvents.timeout(Stage.FIRST_HEAD, false, true));
        assertEquals(
                new Answer(408, Termination.CLIENT_TIMEOUT_REQUEST, true),
                ExchangeEvents.timeout(Stage.PARTIAL_HEAD, false, true));
        assertEquals(new Close(), ExchangeEvents.timeout(Stage.IDLE, false, true));
        // http-buffer-request / wait-for-body: 408 in the data phase (reg-test http_request_buffer: cD)
        assertEquals("cD", code(((Answer) ExchangeEvents.timeout(Stage.REQUEST_BODY_WAIT, false, true)).termination()));
        assertEquals(
                new Abort(Termination.CLIENT_TIMEOUT_DATA, -1),
                ExchangeEvents.timeout(Stage.REQUEST_BODY, false, true));
        assertEquals(
                new Abort(Termination.CLIENT_TIMEOUT_DATA, -1), ExchangeEvents.timeout(Stage.LOCAL_BODY, false, true));
        assertEquals(
                new ServerFailure(504, Termination.SERVER_TIMEOUT_HEADERS),
                ExchangeEvents.timeout(Stage.WAIT_RESPONSE, true, true));
        assertEquals(
                new ServerFailure(504, Termination.SERVER_TIMEOUT_DATA),
                ExchangeEvents.timeout(Stage.RESPONSE_BODY_WAIT, true, true));
        assertEquals(new Ignore(), ExchangeEvents.timeout(Stage.QUEUED, true, true));
        assertEquals(new Ignore(), ExchangeEvents.timeout(Stage.CONNECTING, true, true));
        assertEquals(new Ignore(), ExchangeEvents.timeout(Stage.CLOSED, true, true));
        assertEquals(new Abort(null, -1), ExchangeEvents.timeout(Stage.TUNNEL, true, true));
    }

    @Test
    void aSlowResponseIsTheServersFaultUnlessTheClientStoppedReadingOrSending() {
        assertEquals("sD", code(((Abort) ExchangeEvents.timeout(Stage.RESPONSE_BODY, true, true)).termination()));
        assertEquals("cD", code(((Abort) ExchangeEvents.timeout(Stage.RESPONSE_BODY, true, false)).termination()));
        assertEquals("cD", code(((Abort) ExchangeEvents.timeout(Stage.RESPONSE_BODY, false, true)).termination()));
    }

    @Test
    void aClientGoneIsLoggedWithThePhaseItLeftIn() {
        assertNull(ExchangeEvents.clientGone(Stage.IDLE, false));
        assertNull(ExchangeEvents.clientGone(Stage.PARTIAL_HEAD, false));
        assertEquals("CR", code(ExchangeEvents.clientGone(Stage.REQUEST_BODY_WAIT, false)));
        assertEquals("CR", code(ExchangeEvents.clientGone(Stage.LOCAL_BODY, false)));
        assertEquals("CD", code(ExchangeEvents.clientGone(Stage.LOCAL_BODY, true)));
        assertEquals("CQ", code(ExchangeEvents.clientGone(Stage.QUEUED, false)));
        assertEquals("CC", code(ExchangeEvents.clientGone(Stage.CONNECTING, false)));
        assertEquals("CH", code(ExchangeEvents.clientGone(Stage.WAIT_RESPONSE, false)));
        assertEquals("CD", code(ExchangeEvents.clientGone(Stage.REQUEST_BODY, false)));
        assertEquals("CD", code(ExchangeEvents.clientGone(Stage.RESPONSE_BODY, true)));
        assertEquals("--", code(ExchangeEvents.clientGone(Stage.TUNNEL, true)));
    }

    @Test
    void withoutAbortOnCloseAHalfClosedClientStillGetsItsResponse() {
        for (Stage s : new Stage[] {Stage.QUEUED, Stage.CONNECTING, Stage.WAIT_RESPONSE, Stage.RESPONSE_BODY}) {
            assertEquals(new FinishThenClose(), ExchangeEvents.clientShut(s, true, false), s.name());
        }
    }

    @Test
    void withAbortOnCloseAHalfClosedClientAbortsItsWaitingRequest() {
        // reg-test http_abortonclose: CQ and CC with status -1, CH logged with 400
        assertEquals(
                new Abort(Termination.CLIENT_ABORT_QUEUE, -1), ExchangeEvents.clientShut(Stage.QUEUED, true, true));
        assertEquals(
                new Abort(Termination.CLIENT_ABORT_CONNECT, -1),
                ExchangeEvents.clientShut(Stage.CONNECTING, true, true));
        assertEquals(
                new Abort(Termination.CLIENT_ABORT_HEADERS, 400),
                ExchangeEvents.clientShut(Stage.WAIT_RESPONSE, true, true));
        // the response is already coming: it is still delivered
        assertEquals(new FinishThenClose(), ExchangeEvents.clientShut(Stage.RESPONSE_BODY, true, true));
    }

    @Test
    void anIncompleteRequestCanNeverCompleteOnceTheClientShuts() {
        assertEquals(new Close(), ExchangeEvents.clientShut(Stage.CONNECTING, false, false));
        assertEquals(new Close(), ExchangeEvents.clientShut(Stage.REQUEST_BODY, false, false));
        assertEquals(new Close(), ExchangeEvents.clientShut(Stage.PARTIAL_HEAD, false, false));
        assertEquals(
                new ResumeThenAbort(Termination.CLIENT_ABORT_REQUEST),
                ExchangeEvents.clientShut(Stage.REQUEST_BODY_WAIT, false, true));
    }

    @ParameterizedTest
    @EnumSource(Stage.class)
    void aKilledSessionSaysK(Stage s) {
        Termination t = ExchangeEvents.clientGone(s, false);
        Termination k = ExchangeEvents.clientGoneKilled(s, false);
        if (t == null) {
            assertNull(k);
        } else {
            assertEquals(t == Termination.NORMAL ? "KD" : "K" + t.code().charAt(1), k.code());
        }
    }
}
