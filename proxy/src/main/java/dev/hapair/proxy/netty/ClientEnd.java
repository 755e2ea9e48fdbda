package dev.hapair.proxy.netty;

import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;

/**
 * The client side of an {@link HttpSession}'s exchanges: an HTTP/1 connection ({@link Socket}), or one HTTP/2
 * stream served from the connection's frame listener ({@link H2Connection}) without a channel of its own. The
 * session writes HTTP/1.1 bytes (or a {@link ParsedResponseHead}) to it, pauses and resumes its reads and closes
 * it; everything it learns about the connection (addresses, TLS, PROXY header, variables) comes from
 * {@link #socket()}.
 */
abstract class ClientEnd {
    /** The client's socket: its addresses, TLS and attributes (an HTTP/2 stream's are its connection's). */
    abstract Channel socket();

    /** The HTTP major version on the wire ({@code fc_http_major}). */
    abstract int httpMajor();

    final EventLoop eventLoop() {
        return socket().eventLoop();
    }

    final ByteBufAllocator alloc() {
        return socket().alloc();
    }

    abstract boolean isActive();

    /** Whether more can be written without buffering past the limits (back-pressure toward the server). */
    abstract boolean isWritable();

    abstract boolean isAutoRead();

    /** Pauses (false) or resumes (true) what is read from the client. */
    abstract void setAutoRead(boolean on);

    /** Writes {@code msg} (HTTP/1.1 bytes, or a parsed response head), not flushed. */
    abstract void write(Object msg);

    abstract void flush();

    final void writeAndFlush(Object msg) {
        write(msg);
        flush();
    }

    /** Writes and flushes {@code msg}, then closes once it has been written. */
    abstract void writeFlushAndClose(Object msg);

    abstract void close();

    /**
     * HTTP/2 only: sets or clears the hold on the end of a response to a request that was HEAD for the client while
     * its server's body is drained; returns whether it was set.
     */
    boolean holdEnd(boolean on) {
        return false;
    }

    /** The socket channel a kernel splice may read or write, or null (TLS, HTTP/2 streams: never spliced). */
    Channel spliceable() {
        return null;
    }

    /** An HTTP/1 client connection: the channel itself. */
    static final class Socket extends ClientEnd {
        private final Channel ch;

        Socket(Channel ch) {
            this.ch = ch;
        }

        @Override
        Channel socket() {
            return ch;
        }

        @Override
        int httpMajor() {
            return ClientAddresses.httpMajor(ch);
        }

        @Override
        boolean isActive() {
            return ch.isActive();
        }

        @Override
        boolean isWritable() {
            return ch.isWritable();
        }

        @Override
        boolean isAutoRead() {
            return ch.config().isAutoRead();
        }

        @Override
        void setAutoRead(boolean on) {
            ch.config().setAutoRead(on);
        }

        @Override
        void write(Object msg) {
            ch.write(msg, ch.voidPromise());
        }

        @Override
        void flush() {
            ch.flush();
        }

        @Override
        void writeFlushAndClose(Object msg) {
            ch.writeAndFlush(msg).addListener(io.netty.channel.ChannelFutureListener.CLOSE);
        }

        @Override
        void close() {
            ch.close();
        }

        @Override
        Channel spliceable() {
            return ch;
        }
    }
}
