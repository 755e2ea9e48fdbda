package io.netty.channel;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Which handlers a relayed connection's reads reach (TcpRelayHandler reads around a pipeline of none but its own). */
class HapairHandlerMaskTest {
    @Test
    void aHandlerOfActivationAndEndOnlyIsPassedByReads() {
        assertFalse(HapairHandlerMask.seesReads(new ChannelInboundHandlerAdapter() {
            @Override
            public void channelActive(ChannelHandlerContext ctx) {
                ctx.fireChannelActive();
            }

            @Override
            public void channelInactive(ChannelHandlerContext ctx) {
                ctx.fireChannelInactive();
            }
        }));
        assertFalse(HapairHandlerMask.seesReads(new ChannelOutboundHandlerAdapter() {
            @Override
            public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
                ctx.write(msg, promise);
            }
        }));
    }

    @Test
    void eachOfTheReadEventsCounts() {
        assertTrue(HapairHandlerMask.seesReads(new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                ctx.fireChannelRead(msg);
            }
        }));
        assertTrue(HapairHandlerMask.seesReads(new ChannelInboundHandlerAdapter() {
            @Override
            public void channelReadComplete(ChannelHandlerContext ctx) {
                ctx.fireChannelReadComplete();
            }
        }));
        assertTrue(HapairHandlerMask.seesReads(new ChannelOutboundHandlerAdapter() {
            @Override
            public void read(ChannelHandlerContext ctx) {
                ctx.read(); // e.g. a flow control that holds reads back
            }
        }));
    }
}
