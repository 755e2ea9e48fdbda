package io.netty.channel.epoll;

import io.netty.buffer.ByteBuf;

/**
 * A relay that takes a connection's chunks straight from its read-ready ({@link HapairSocketChannel#relayRead}),
 * without Netty's generic stream read loop around each receive: its allocator handle's resets, the
 * {@code channelRead} / {@code channelReadComplete} trip through the pipeline and the head's {@code read()} back to
 * {@code doBeginRead} (about half of a relayed chunk's own CPU outside the system calls in the L4 profiles).
 *
 * <p>Installed only on a connection whose pipeline has nothing else that reads its bytes (the relay and its
 * inactivity timeout, whose part the relay does), and only the simple read-readies come here: see
 * {@code HapairSocketChannel}'s unsafe. Called on the channel's event loop.
 */
public interface HapairRelayRead {
    /**
     * One chunk the connection has just received (readable, never empty; the relay's to release or pass on): what
     * the pipeline's {@code channelRead} and {@code channelReadComplete} of a read-ready of that one chunk do with
     * it, the inactivity timeout's part included.
     */
    void relay(ByteBuf chunk);
}
