package io.netty.channel.epoll;

import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelException;
import io.netty.channel.ChannelOption;
import io.netty.channel.MessageSizeEstimator;
import io.netty.channel.RecvByteBufAllocator;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.socket.SocketChannelConfig;
import io.netty.util.internal.PlatformDependent;
import java.io.IOException;
import java.util.Map;

/**
 * The config of {@link HapairSocketChannel}: Netty's socket options without the two system calls Netty's own
 * config ({@code EpollSocketChannelConfig}, which only takes Netty's final channel class) makes for every
 * connection whatever its options: a {@code getsockopt(SO_SNDBUF)} when it is made (to size the largest gathering
 * write) and a {@code getsockopt(SO_LINGER)} when it closes (to learn whether the close may block).
 *
 * <ul>
 *   <li>The send buffer only seeds Netty's limit of one gathering write (twice the buffer), which Netty's stream
 *       channel then adapts after every write (up on a complete one, down on a partial one). The first socket of
 *       each kind (accepted, connected) is asked and its value seeds the others of its kind: sockets nobody set a
 *       buffer on start from the kernel's defaults (an accepted one's already grown by the kernel to its route's
 *       MSS, so the seed can differ between routes: it changes how the first large write is cut into
 *       {@code writev} calls, never the bytes sent). A channel whose {@code SO_SNDBUF} is set through this config
 *       reads it again, as Netty does.
 *   <li>{@code SO_LINGER} is off on a new socket; this config knows whether it set it, so the close asks the
 *       kernel only then (see {@link #lingers()}).
 * </ul>
 *
 * Options this config does not know are refused with an exception where Netty's configs return false (hapair sets
 * only those below; a {@code Bootstrap} logs either as a warning, a direct call fails).
 */
public final class HapairSocketChannelConfig extends EpollChannelConfig implements SocketChannelConfig {
    /** The kernel's default send buffer of an accepted and of a connected socket, read once each (0: not yet). */
    private static volatile int acceptedSndBuf, connectedSndBuf;

    private final boolean accepted;
    private volatile boolean allowHalfClosure;
    /** SO_LINGER was set through this config (to anything): the close has to ask the kernel what it is. */
    private volatile boolean lingerSet;

    HapairSocketChannelConfig(HapairSocketChannel channel, boolean accepted) {
        super(channel);
        this.accepted = accepted;
        if (PlatformDependent.canEnableTcpNoDelayByDefault()) setTcpNoDelay(true);
        setMaxBytesPerGatheringWrite(gatheringWriteLimit(defaultSendBufferSize()));
    }

    /** Netty's rule: twice the send buffer, when it has one. */
    private static long gatheringWriteLimit(int sndBuf) {
        return sndBuf <= 0 ? io.netty.channel.unix.Limits.SSIZE_MAX : (long) sndBuf << 1;
    }

    private int defaultSendBufferSize() {
        int known = accepted ? acceptedSndBuf : connectedSndBuf;
        if (known > 0) return known;
        int read = getSendBufferSize();
        if (accepted) acceptedSndBuf = read;
        else connectedSndBuf = read;
        return read;
    }

    /** Whether the close must ask the kernel for {@code SO_LINGER} (only if it was set through this config). */
    boolean lingers() {
        return lingerSet && getSoLinger() > 0;
    }

    @Override
    public Map<ChannelOption<?>, Object> getOptions() {
        return getOptions(
                super.getOptions(),
                ChannelOption.SO_RCVBUF,
                ChannelOption.SO_SNDBUF,
                ChannelOption.TCP_NODELAY,
                ChannelOption.SO_KEEPALIVE,
                ChannelOption.SO_REUSEADDR,
                ChannelOption.SO_LINGER,
                ChannelOption.IP_TOS,
                ChannelOption.ALLOW_HALF_CLOSURE,
                EpollChannelOption.TCP_QUICKACK);
    }

    @SuppressWarnings("unchecked")
    @Override
    public <T> T getOption(ChannelOption<T> option) {
        if (option == ChannelOption.SO_RCVBUF) return (T) Integer.valueOf(getReceiveBufferSize());
        if (option == ChannelOption.SO_SNDBUF) return (T) Integer.valueOf(getSendBufferSize());
        if (option == ChannelOption.TCP_NODELAY) return (T) Boolean.valueOf(isTcpNoDelay());
        if (option == ChannelOption.SO_KEEPALIVE) return (T) Boolean.valueOf(isKeepAlive());
        if (option == ChannelOption.SO_REUSEADDR) return (T) Boolean.valueOf(isReuseAddress());
        if (option == ChannelOption.SO_LINGER) return (T) Integer.valueOf(getSoLinger());
        if (option == ChannelOption.IP_TOS) return (T) Integer.valueOf(getTrafficClass());
        if (option == ChannelOption.ALLOW_HALF_CLOSURE) return (T) Boolean.valueOf(isAllowHalfClosure());
        if (option == EpollChannelOption.TCP_QUICKACK) return (T) Boolean.valueOf(isTcpQuickAck());
        return super.getOption(option);
    }

    @Override
    public <T> boolean setOption(ChannelOption<T> option, T value) {
        validate(option, value);
        if (option == ChannelOption.SO_RCVBUF) setReceiveBufferSize((Integer) value);
        else if (option == ChannelOption.SO_SNDBUF) setSendBufferSize((Integer) value);
        else if (option == ChannelOption.TCP_NODELAY) setTcpNoDelay((Boolean) value);
        else if (option == ChannelOption.SO_KEEPALIVE) setKeepAlive((Boolean) value);
        else if (option == ChannelOption.SO_REUSEADDR) setReuseAddress((Boolean) value);
        else if (option == ChannelOption.SO_LINGER) setSoLinger((Integer) value);
        else if (option == ChannelOption.IP_TOS) setTrafficClass((Integer) value);
        else if (option == ChannelOption.ALLOW_HALF_CLOSURE) setAllowHalfClosure((Boolean) value);
        else if (option == EpollChannelOption.TCP_QUICKACK) setTcpQuickAck((Boolean) value);
        else if (!super.setOption(option, value)) {
            throw new ChannelException("hapair's socket channel does not implement the option " + option);
        }
        return true;
    }

    private LinuxSocket sock() {
        return ((AbstractEpollChannel) channel).socket;
    }

    private static ChannelException failed(IOException e) {
        return new ChannelException(e);
    }

    @Override
    public int getReceiveBufferSize() {
        try {
            return sock().getReceiveBufferSize();
        } catch (IOException e) {
            throw failed(e);
        }
    }

    @Override
    public int getSendBufferSize() {
        try {
            return sock().getSendBufferSize();
        } catch (IOException e) {
            throw failed(e);
        }
    }

    @Override
    public int getSoLinger() {
        try {
            return sock().getSoLinger();
        } catch (IOException e) {
            throw failed(e);
        }
    }

    @Override
    public int getTrafficClass() {
        try {
            return sock().getTrafficClass();
        } catch (IOException e) {
            throw failed(e);
        }
    }

    @Override
    public boolean isKeepAlive() {
        try {
            return sock().isKeepAlive();
        } catch (IOException e) {
            throw failed(e);
        }
    }

    @Override
    public boolean isReuseAddress() {
        try {
            return sock().isReuseAddress();
        } catch (IOException e) {
            throw failed(e);
        }
    }

    @Override
    public boolean isTcpNoDelay() {
        try {
            return sock().isTcpNoDelay();
        } catch (IOException e) {
            throw failed(e);
        }
    }

    /** {@code TCP_QUICKACK} of the socket (Linux). */
    public boolean isTcpQuickAck() {
        try {
            return sock().isTcpQuickAck();
        } catch (IOException e) {
            throw failed(e);
        }
    }

    @Override
    public HapairSocketChannelConfig setKeepAlive(boolean keepAlive) {
        try {
            sock().setKeepAlive(keepAlive);
            return this;
        } catch (IOException e) {
            throw failed(e);
        }
    }

    @Override
    public HapairSocketChannelConfig setPerformancePreferences(int connectionTime, int latency, int bandwidth) {
        return this; // as Netty's: the kernel has no such setting
    }

    @Override
    public HapairSocketChannelConfig setReceiveBufferSize(int receiveBufferSize) {
        try {
            sock().setReceiveBufferSize(receiveBufferSize);
            return this;
        } catch (IOException e) {
            throw failed(e);
        }
    }

    @Override
    public HapairSocketChannelConfig setReuseAddress(boolean reuseAddress) {
        try {
            sock().setReuseAddress(reuseAddress);
            return this;
        } catch (IOException e) {
            throw failed(e);
        }
    }

    @Override
    public HapairSocketChannelConfig setSendBufferSize(int sendBufferSize) {
        try {
            sock().setSendBufferSize(sendBufferSize);
            setMaxBytesPerGatheringWrite(gatheringWriteLimit(getSendBufferSize()));
            return this;
        } catch (IOException e) {
            throw failed(e);
        }
    }

    @Override
    public HapairSocketChannelConfig setSoLinger(int soLinger) {
        try {
            lingerSet = true; // before: a close racing the call asks the kernel rather than assume it off
            sock().setSoLinger(soLinger);
            return this;
        } catch (IOException e) {
            throw failed(e);
        }
    }

    @Override
    public HapairSocketChannelConfig setTcpNoDelay(boolean tcpNoDelay) {
        try {
            sock().setTcpNoDelay(tcpNoDelay);
            return this;
        } catch (IOException e) {
            throw failed(e);
        }
    }

    /** {@code TCP_QUICKACK} on or off (Linux; the kernel may turn it off again by itself). */
    public HapairSocketChannelConfig setTcpQuickAck(boolean quickAck) {
        try {
            sock().setTcpQuickAck(quickAck);
            return this;
        } catch (IOException e) {
            throw failed(e);
        }
    }

    @Override
    public HapairSocketChannelConfig setTrafficClass(int trafficClass) {
        try {
            sock().setTrafficClass(trafficClass);
            return this;
        } catch (IOException e) {
            throw failed(e);
        }
    }

    @Override
    public boolean isAllowHalfClosure() {
        return allowHalfClosure;
    }

    @Override
    public HapairSocketChannelConfig setAllowHalfClosure(boolean allowHalfClosure) {
        this.allowHalfClosure = allowHalfClosure;
        return this;
    }

    @Override
    public HapairSocketChannelConfig setConnectTimeoutMillis(int connectTimeoutMillis) {
        super.setConnectTimeoutMillis(connectTimeoutMillis);
        return this;
    }

    @Override
    @Deprecated
    public HapairSocketChannelConfig setMaxMessagesPerRead(int maxMessagesPerRead) {
        super.setMaxMessagesPerRead(maxMessagesPerRead);
        return this;
    }

    @Override
    public HapairSocketChannelConfig setWriteSpinCount(int writeSpinCount) {
        super.setWriteSpinCount(writeSpinCount);
        return this;
    }

    @Override
    public HapairSocketChannelConfig setAllocator(ByteBufAllocator allocator) {
        super.setAllocator(allocator);
        return this;
    }

    @Override
    public HapairSocketChannelConfig setRecvByteBufAllocator(RecvByteBufAllocator allocator) {
        super.setRecvByteBufAllocator(allocator);
        return this;
    }

    @Override
    public HapairSocketChannelConfig setAutoRead(boolean autoRead) {
        super.setAutoRead(autoRead);
        return this;
    }

    @Override
    public HapairSocketChannelConfig setAutoClose(boolean autoClose) {
        super.setAutoClose(autoClose);
        return this;
    }

    @Override
    @Deprecated
    public HapairSocketChannelConfig setWriteBufferHighWaterMark(int writeBufferHighWaterMark) {
        super.setWriteBufferHighWaterMark(writeBufferHighWaterMark);
        return this;
    }

    @Override
    @Deprecated
    public HapairSocketChannelConfig setWriteBufferLowWaterMark(int writeBufferLowWaterMark) {
        super.setWriteBufferLowWaterMark(writeBufferLowWaterMark);
        return this;
    }

    @Override
    public HapairSocketChannelConfig setWriteBufferWaterMark(WriteBufferWaterMark writeBufferWaterMark) {
        super.setWriteBufferWaterMark(writeBufferWaterMark);
        return this;
    }

    @Override
    public HapairSocketChannelConfig setMessageSizeEstimator(MessageSizeEstimator estimator) {
        super.setMessageSizeEstimator(estimator);
        return this;
    }

    @Override
    @Deprecated
    public HapairSocketChannelConfig setEpollMode(EpollMode mode) {
        super.setEpollMode(mode);
        return this;
    }
}
