package io.netty.channel;

/**
 * Which of a channel's events a handler takes part in, by Netty's own skip mask (the one its pipeline uses to pass
 * events by handlers that do not override them). In Netty's package because the mask is reachable only there.
 */
public final class HapairHandlerMask {
    private static final int READS = ChannelHandlerMask.MASK_CHANNEL_READ
            | ChannelHandlerMask.MASK_CHANNEL_READ_COMPLETE
            | ChannelHandlerMask.MASK_READ;

    private HapairHandlerMask() {}

    /**
     * Whether the pipeline would call {@code h} for a read: {@code channelRead}, {@code channelReadComplete} or the
     * {@code read()} that auto-read sends back after it. A handler that does none of them (e.g. one that only
     * counts a connection's activation and end) is passed by every read.
     */
    public static boolean seesReads(ChannelHandler h) {
        return (ChannelHandlerMask.mask(h.getClass()) & READS) != 0;
    }
}
