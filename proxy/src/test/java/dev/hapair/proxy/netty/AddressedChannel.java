package dev.hapair.proxy.netty;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler;
import io.netty.channel.embedded.EmbeddedChannel;
import java.net.InetSocketAddress;
import java.net.SocketAddress;

/** An embedded channel with real-looking socket addresses: client 127.0.0.2:40000, local 127.0.0.1:80. */
class AddressedChannel extends EmbeddedChannel {
    AddressedChannel(ChannelHandler... handlers) {
        super(handlers);
    }

    /** Everything written to the channel since the last call, in one buffer (the caller releases it). */
    ByteBuf outbound() {
        ByteBuf all = Unpooled.buffer();
        Object m;
        while ((m = readOutbound()) != null) {
            ByteBuf b = (ByteBuf) m;
            all.writeBytes(b);
            b.release();
        }
        return all;
    }

    @Override
    public SocketAddress remoteAddress() {
        return new InetSocketAddress("127.0.0.2", 40000);
    }

    @Override
    public SocketAddress localAddress() {
        return new InetSocketAddress("127.0.0.1", 80);
    }
}
