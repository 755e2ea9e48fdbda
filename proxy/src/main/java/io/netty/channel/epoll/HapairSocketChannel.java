package io.netty.channel.epoll;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelException;
import io.netty.channel.socket.ServerSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.unix.UnixChannelUtil;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.channels.AlreadyConnectedException;
import java.util.concurrent.Executor;

/**
 * hapair's TCP socket channel on the epoll transport: Netty's stream channel (reads, writes, half-close, splice)
 * with a config of our own ({@link HapairSocketChannelConfig}) in place of Netty's final {@code EpollSocketChannel}
 * and its config, which cost two {@code getsockopt} calls per connection (bench/README.md, session 9's accept /
 * close path). Only what Netty's own class adds to the stream channel is here: the config, {@code TCP_INFO}, and the
 * close's {@code SO_LINGER} test, asked of the kernel only when this channel's config set {@code SO_LINGER}, and
 * registration with {@code EPOLLIN} at once (see {@link #doRegister}), and a connect that leaves the local address
 * to be read when first asked for (see {@link #doConnect}); and a tcp relay's reads around the pipeline
 * ({@link #relayRead}).
 * TCP fast open is not offered (its option is refused by the config).
 */
public final class HapairSocketChannel extends AbstractEpollStreamChannel implements SocketChannel {
    private final HapairSocketChannelConfig config;
    /** A connect got as far as the kernel: the local address is the kernel's, read when first asked for. */
    private volatile boolean connectStarted;

    private volatile SocketAddress lazyLocal;
    /** The remote address of a connect that completed at once. */
    private volatile SocketAddress connectedTo;
    /** The relay taking this connection's chunks around the pipeline (event loop only; null: Netty's read). */
    private HapairRelayRead relay;
    /** The size of the relay's reads. */
    private int relayReadSize;

    /** A new socket to connect (a server connection). */
    public HapairSocketChannel() {
        super(LinuxSocket.newSocketStream(), false);
        config = new HapairSocketChannelConfig(this, false);
    }

    /** A connection accepted by {@code parent}, from {@code remote}. */
    HapairSocketChannel(Channel parent, LinuxSocket fd, InetSocketAddress remote) {
        super(parent, fd, remote);
        config = new HapairSocketChannelConfig(this, true);
    }

    /**
     * As Netty's connect, less its {@code getsockname} for the local address (a system call per server connection,
     * and hapair asks a server connection for its local address nowhere): the address is asked of the kernel the
     * first time someone wants it (see {@link #localAddress0}). An immediate connect's remote address is kept here
     * (Netty's own field is private; its asynchronous completion still sets that one).
     */
    @Override
    protected boolean doConnect(SocketAddress remoteAddress, SocketAddress localAddress) throws Exception {
        if (localAddress instanceof InetSocketAddress l) checkResolvable(l);
        InetSocketAddress remoteInet = remoteAddress instanceof InetSocketAddress r ? r : null;
        if (remoteInet != null) checkResolvable(remoteInet);
        if (connectStarted) throw new AlreadyConnectedException();
        if (localAddress != null) socket.bind(localAddress);
        boolean connected = doConnect0(remoteAddress); // closes the socket if it throws
        connectStarted = true;
        if (connected) {
            connectedTo = remoteInet == null
                    ? remoteAddress
                    : UnixChannelUtil.computeRemoteAddr(remoteInet, socket.remoteAddress());
        }
        return connected;
    }

    /**
     * The local address: Netty's where it has one (an accepted connection's, read when it was made), else, once a
     * connect has started, the kernel's, asked the first time and kept. {@code AbstractChannel} keeps it too, so
     * asking before the close is enough to have it after; a connection nobody asked while it was open answers
     * null after its close (Netty's answers what it read at the connect). Asked off the event loop, it races the
     * close as Netty's other socket reads do (e.g. {@code getSoLinger}).
     */
    @Override
    protected SocketAddress localAddress0() {
        SocketAddress a = super.localAddress0();
        if (a != null || !connectStarted) return a;
        a = lazyLocal;
        if (a == null && isOpen()) lazyLocal = a = socket.localAddress();
        return a;
    }

    @Override
    protected SocketAddress remoteAddress0() {
        SocketAddress a = super.remoteAddress0();
        return a != null ? a : connectedTo;
    }

    /** {@code TCP_INFO} of the socket, read now into {@code info}. */
    public EpollTcpInfo tcpInfo(EpollTcpInfo info) {
        try {
            socket.getTcpInfo(info);
            return info;
        } catch (IOException e) {
            throw new ChannelException(e);
        }
    }

    /**
     * From now on the simple read-readies of this connection receive up to {@code readSize} bytes (at most the
     * largest read of its allocator: its memory bound) and hand them to {@code r} instead of the pipeline (null:
     * Netty's read for all). For a relay whose pipeline nothing else reads from; the spliceTo methods of Netty's
     * stream channel must not be used on such a connection (hapair never splices). Call on the event loop.
     */
    public void relayRead(HapairRelayRead r, int readSize) {
        if (r != null && readSize <= 0) throw new IllegalArgumentException("read size " + readSize);
        relay = r;
        relayReadSize = readSize;
    }

    @Override
    public InetSocketAddress remoteAddress() {
        return (InetSocketAddress) super.remoteAddress();
    }

    @Override
    public InetSocketAddress localAddress() {
        return (InetSocketAddress) super.localAddress();
    }

    @Override
    public HapairSocketChannelConfig config() {
        return config;
    }

    @Override
    public ServerSocketChannel parent() {
        return (ServerSocketChannel) super.parent();
    }

    /**
     * Registered with {@code EPOLLIN} whatever the auto-read (Netty's channel registers without it when auto-read is
     * off, as hapair's connections start, and adds it with a second {@code epoll_ctl} at the first read: HAProxy
     * makes one call per connection). What arrives before the first read is asked for is not read: see
     * {@link Unsafe#epollInReady}.
     */
    @Override
    protected void doRegister() throws Exception {
        flags |= Native.EPOLLIN;
        super.doRegister();
    }

    @Override
    protected AbstractEpollUnsafe newUnsafe() {
        return new Unsafe();
    }

    private final class Unsafe extends EpollStreamUnsafe {
        /**
         * The channel registers with {@code EPOLLIN} (see {@link #doRegister}). Until a read is asked for, what
         * arrives is not read: with auto-read off and no read pending, a read-ready while {@code EPOLLIN} is set
         * (only the registration's flag can be: Netty clears it whenever auto-read goes off or a read ends without
         * one pending) is dropped, the flag cleared (Netty's own state from then on: its read() sets the flag again,
         * and the kernel then reports what is waiting) and the socket marked as maybe holding data. A peer's FIN
         * ({@code EPOLLRDHUP}) is read as Netty reads it, whatever the auto-read; in Netty's own state every
         * read-ready goes to Netty's read.
         */
        @Override
        void epollInReady() {
            if (isFlagSet(Native.EPOLLIN)
                    && !readPending
                    && !config.isAutoRead()
                    && !recvBufAllocHandle().isReceivedRdHup()) {
                maybeMoreDataToRead = true;
                clearEpollIn0();
                return;
            }
            HapairRelayRead r = relay;
            if (r != null && relayRead(r)) return;
            super.epollInReady();
        }

        /**
         * The read-ready of a relayed connection in the simple case: auto-read on with a read pending (the state
         * between two reads of a relay that keeps up), no end of stream seen ({@code EPOLLRDHUP}), input open. One
         * receive of up to the relay's read size (a fixed one: the allocator handle's guess adapts only in Netty's
         * read, and one size keeps the loop's spare read buffer, see RelayReadBuffers), handed to the relay, which
         * writes it through the peer's pipeline when the peer's socket does not take it all, and stops the reading
         * when the peer is not writable, as its pipeline path does. What this path leaves out is state that needs
         * no change while auto-read stays on: Netty's read would clear {@code readPending} and its read-complete set
         * it again.
         * Returns false, having received nothing, when Netty's read is to take this read-ready: not the simple
         * case, or the receive got no bytes (nothing waits, or the end of stream, which Netty's own receive then
         * sees again). A receive error goes to the pipeline exactly as from Netty's read. A full buffer means more
         * may wait (edge-triggered): Netty's read takes the rest, as its loop would.
         */
        private boolean relayRead(HapairRelayRead r) {
            if (!readPending || !config.isAutoRead() || socket.isInputShutdown()) return false;
            EpollRecvByteAllocatorHandle handle = recvBufAllocHandle();
            if (handle.isReceivedRdHup()) return false;
            ByteBuf buf = null;
            int room;
            int n;
            try {
                // the allocation too, as in Netty's read: an OutOfMemoryError here is the connection's, not the loop's
                buf = config.getAllocator().ioBuffer(relayReadSize);
                room = buf.writableBytes();
                n = doReadBytes(buf);
            } catch (Throwable t) {
                if (buf != null) buf.release();
                receiveFailed(handle, t);
                return true;
            }
            if (n <= 0) {
                buf.release();
                return false;
            }
            boolean full = n == room;
            maybeMoreDataToRead = full;
            try {
                r.relay(buf);
            } catch (Throwable t) {
                // what the pipeline does with a channelRead that throws (the message is the handler's)
                pipeline().fireExceptionCaught(t);
            }
            if (full && readPending && config.isAutoRead() && isActive()) super.epollInReady();
            return true;
        }

        /**
         * What Netty's read does when its receive throws (its private {@code handleReadException} with nothing
         * read, then its {@code epollInFinally}): read complete and the exception through the pipeline, the input
         * shut (or the channel closed) on an I/O error. The relay ends the session on it ({@code SD} / {@code CD}).
         */
        private void receiveFailed(EpollRecvByteAllocatorHandle handle, Throwable t) {
            epollInBefore();
            handle.reset(config);
            handle.readComplete();
            pipeline().fireChannelReadComplete();
            pipeline().fireExceptionCaught(t);
            if (t instanceof IOException || t instanceof OutOfMemoryError) shutdownInput(false);
            epollInFinally(config);
        }

        /**
         * As Netty's socket channel: a close that may block in {@code SO_LINGER} leaves the event loop (which stops
         * watching the socket first, or it would spin on it). The kernel's default is no linger: asked only when
         * this channel's config set it.
         */
        @Override
        protected Executor prepareToClose() {
            try {
                if (isOpen() && config.lingers()) {
                    ((EpollEventLoop) eventLoop()).remove(HapairSocketChannel.this);
                    return GlobalEventExecutor.INSTANCE;
                }
            } catch (Throwable ignore) {
                // closed meanwhile (getsockopt fails on a closed socket): close here, as Netty does
            }
            return null;
        }
    }
}
