package dev.hapair.proxy.netty;

import io.netty.handler.codec.http2.DefaultHttp2Connection;
import io.netty.handler.codec.http2.Http2Connection.Endpoint;
import io.netty.handler.codec.http2.Http2Exception;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2LocalFlowController;
import io.netty.handler.codec.http2.Http2Stream;

/**
 * The frame codec builder for HTTP/2 connections to servers, whose first stream is stream 1 (RFC 9113 5.1.1: a
 * client's streams are the odd numbers from 1), as HAProxy's are. Netty's client endpoint reserves stream 1 for
 * an HTTP/1.1 {@code Upgrade: h2c} answer and numbers streams it opens itself from 3; hapair never upgrades a
 * server connection (it speaks h2 with prior knowledge or after ALPN), so that reservation only shifts every id.
 */
final class H2ClientCodec extends Http2FrameCodecBuilder {

    H2ClientCodec() {
        // connection() instead of server(false): the builder takes one or the other
        connection(new Connection());
        gracefulShutdownTimeoutMillis(0);
    }

    /** A client connection whose {@code local()} endpoint hands out 1, 3, 5... */
    private static final class Connection extends DefaultHttp2Connection {
        private final FromOne local;

        Connection() {
            super(false);
            local = new FromOne(super.local());
        }

        @Override
        public Endpoint<Http2LocalFlowController> local() {
            return local;
        }
    }

    /**
     * Netty's endpoint with the reservation moved back by one id. Its counter starts at 1 and returns 3 first;
     * it only grows (to at least each created stream's id), so "its answer minus 2" is the next unused odd id.
     * A negative answer (ids exhausted) is passed on unchanged.
     */
    private static final class FromOne implements Endpoint<Http2LocalFlowController> {
        private final Endpoint<Http2LocalFlowController> d;

        FromOne(Endpoint<Http2LocalFlowController> d) {
            this.d = d;
        }

        @Override
        public int incrementAndGetNextStreamId() {
            int id = d.incrementAndGetNextStreamId();
            return id < 0 ? id : id - 2;
        }

        @Override
        public boolean isValidStreamId(int streamId) {
            return d.isValidStreamId(streamId);
        }

        @Override
        public boolean mayHaveCreatedStream(int streamId) {
            return d.mayHaveCreatedStream(streamId);
        }

        @Override
        public boolean created(Http2Stream stream) {
            return d.created(stream);
        }

        @Override
        public boolean canOpenStream() {
            return d.canOpenStream();
        }

        @Override
        public Http2Stream createStream(int streamId, boolean halfClosed) throws Http2Exception {
            return d.createStream(streamId, halfClosed);
        }

        @Override
        public Http2Stream reservePushStream(int streamId, Http2Stream parent) throws Http2Exception {
            return d.reservePushStream(streamId, parent);
        }

        @Override
        public boolean isServer() {
            return d.isServer();
        }

        @Override
        public void allowPushTo(boolean allow) {
            d.allowPushTo(allow);
        }

        @Override
        public boolean allowPushTo() {
            return d.allowPushTo();
        }

        @Override
        public int numActiveStreams() {
            return d.numActiveStreams();
        }

        @Override
        public int maxActiveStreams() {
            return d.maxActiveStreams();
        }

        @Override
        public void maxActiveStreams(int maxActiveStreams) {
            d.maxActiveStreams(maxActiveStreams);
        }

        @Override
        public int lastStreamCreated() {
            return d.lastStreamCreated();
        }

        @Override
        public int lastStreamKnownByPeer() {
            return d.lastStreamKnownByPeer();
        }

        @Override
        public Http2LocalFlowController flowController() {
            return d.flowController();
        }

        @Override
        public void flowController(Http2LocalFlowController flowController) {
            d.flowController(flowController);
        }

        @Override
        public Endpoint<? extends io.netty.handler.codec.http2.Http2FlowController> opposite() {
            return d.opposite();
        }
    }
}
