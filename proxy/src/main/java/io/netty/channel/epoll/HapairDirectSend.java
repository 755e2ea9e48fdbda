package io.netty.channel.epoll;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOutboundBuffer;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * A tcp relay's write of a chunk it has just read, straight to the peer's socket, when nothing waits in the
 * peer's outbound buffer: the usual case on a relay whose reader keeps up. Netty's path for the same bytes
 * (an outbound-buffer entry from its recycler, a flush through the pipeline, {@code doWrite}'s loop, the
 * entry's removal) is the larger part of the relay's own CPU per chunk; the send itself is the same call
 * Netty makes ({@code doWriteBytes}). Whatever the socket does not take now (or everything, after an error)
 * is for the caller to write through the pipeline as before, behind nothing: order is kept because this
 * sends only when no earlier byte is queued. In Netty's package because the socket of an epoll channel is
 * reachable only there. Call on the channel's event loop only.
 */
public final class HapairDirectSend {
    private HapairDirectSend() {}

    /** Whether {@code ch} is a socket this class can send on (Netty's epoll stream channel). */
    public static boolean supports(Channel ch) {
        return ch instanceof AbstractEpollStreamChannel;
    }

    /**
     * Sends what the socket takes now of {@code buf}'s readable bytes, advancing its reader index, and returns
     * how many went; 0 when nothing could be sent this way (the channel not active, bytes already queued, the
     * output shut, the socket full, a heap buffer). Never sends behind queued bytes.
     *
     * @throws IOException the socket's error (the caller writes through the pipeline, which meets it again and
     *     fails the channel as it always does)
     */
    public static int send(Channel ch, ByteBuf buf) throws IOException {
        AbstractEpollStreamChannel c = (AbstractEpollStreamChannel) ch;
        // the unsafe's buffer is null once the output is shut or the channel closed; every queued entry, even an
        // empty one, counts in the pending bytes (Netty adds a fixed overhead per entry)
        ChannelOutboundBuffer out = c.unsafe().outboundBuffer();
        if (out == null || out.totalPendingWriteBytes() != 0 || !c.isActive()) return 0;
        int sent;
        if (buf.hasMemoryAddress()) {
            sent = c.socket.sendAddress(buf.memoryAddress(), buf.readerIndex(), buf.writerIndex());
        } else if (buf.isDirect() && buf.nioBufferCount() == 1) { // (Netty copies a heap buffer before it sends)
            ByteBuffer nio = buf.internalNioBuffer(buf.readerIndex(), buf.readableBytes());
            sent = c.socket.send(nio, nio.position(), nio.limit());
        } else {
            return 0;
        }
        if (sent > 0) buf.skipBytes(sent);
        return Math.max(sent, 0);
    }
}
