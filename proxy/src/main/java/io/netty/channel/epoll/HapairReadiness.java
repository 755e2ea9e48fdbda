package io.netty.channel.epoll;

import io.netty.channel.ChannelOutboundBuffer;
import java.io.IOException;
import java.net.SocketAddress;

/**
 * Readiness of a socket for hapair's kernel splicing ({@code dev.hapair.proxy.splice.SpliceJob}), delivered by
 * the event loop that serves the socket's connection, with no thread hop: a channel of Netty's epoll transport
 * on a duplicate of the socket's descriptor that never reads or writes a byte itself. {@link #awaitReadable} and
 * {@link #awaitWritable} arm {@code EPOLLIN} / {@code EPOLLOUT} once (edge-triggered, as Netty's channels: the
 * caller waits only after the socket said {@code EAGAIN}); the callback runs on the loop when it fires (or on an
 * error of the socket). Closing the channel closes the duplicate. In Netty's package because an epoll channel
 * can only be made there (package-private constructors and unsafe); on the channel's event loop only.
 */
public final class HapairReadiness extends AbstractEpollChannel {
    /** Sits in the outbound buffer while writability is awaited: {@code EPOLLOUT} then makes Netty call doWrite. */
    private static final Object AWAIT = new Object();

    private final EpollChannelConfig config = new EpollChannelConfig(this);
    private final Runnable onReadable;
    private final Runnable onWritable;

    /**
     * @param fd a descriptor of the caller's own (a duplicate): the channel owns it from now on and closes it
     */
    public HapairReadiness(int fd, Runnable onReadable, Runnable onWritable) {
        super(null, new LinuxSocket(fd), true);
        this.onReadable = onReadable;
        this.onWritable = onWritable;
        config.setAutoRead(false); // no EPOLLIN interest until awaited
    }

    /** The descriptor (the duplicate), for the splice calls. */
    public int intFd() {
        return socket.intValue();
    }

    /** The callback runs once the socket is readable (or has its FIN, or an error). */
    public void awaitReadable() throws IOException {
        setFlag(Native.EPOLLIN);
    }

    /** The callback runs once the socket takes more (or has an error). */
    public void awaitWritable() throws IOException {
        ChannelOutboundBuffer out = unsafe().outboundBuffer();
        if (out == null) throw new IOException("closed");
        if (out.isEmpty()) {
            out.addMessage(AWAIT, 0, voidPromise());
            out.addFlush();
        }
        setFlag(Native.EPOLLOUT);
    }

    @Override
    public EpollChannelConfig config() {
        return config;
    }

    @Override
    protected AbstractEpollUnsafe newUnsafe() {
        return new AbstractEpollUnsafe() {
            @Override
            void epollInReady() {
                try {
                    clearFlag(Native.EPOLLIN);
                } catch (IOException ignored) {
                    // closing: the callback finds the socket's error itself
                }
                onReadable.run();
            }
        };
    }

    /** Called by Netty on {@code EPOLLOUT} (the await marker is the only thing ever queued here). */
    @Override
    protected void doWrite(ChannelOutboundBuffer in) throws Exception {
        while (in.current() != null) in.remove();
        clearFlag(Native.EPOLLOUT);
        onWritable.run();
    }

    @Override
    protected Object filterOutboundMessage(Object msg) {
        throw new UnsupportedOperationException("a readiness channel carries no data");
    }

    @Override
    protected SocketAddress localAddress0() {
        return null;
    }

    @Override
    protected SocketAddress remoteAddress0() {
        return null;
    }
}
