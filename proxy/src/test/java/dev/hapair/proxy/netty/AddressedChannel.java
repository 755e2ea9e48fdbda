package dev.hapair.proxy.netty;

import io.netty.channel.ChannelHandler;
import io.netty.channel.embedded.EmbeddedChannel;
import java.net.InetSocketAddress;
import java.net.SocketAddress;

/** An embedded channel with real-looking socket addresses: client 127.0.0.2:40000, local 127.0.0.1:80. */
class AddressedChannel extends EmbeddedChannel {
    AddressedChannel(ChannelHandler... handlers) {
        super(handlers);
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
