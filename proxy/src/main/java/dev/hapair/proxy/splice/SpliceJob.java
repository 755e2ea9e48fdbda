package dev.hapair.proxy.splice;

import com.sun.jna.LastErrorException;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.netty.channel.epoll.AbstractEpollStreamChannel;
import io.netty.channel.epoll.HapairEpollInterest;
import io.netty.channel.epoll.HapairReadiness;
import java.io.IOException;

/**
 * Moves one message body, or what is left of it, from one socket to another through a kernel pipe with
 * splice(2): the bytes never enter the JVM. Everything runs on the event loop both channels share, which also
 * says when a socket became ready ({@link HapairReadiness}: its epoll, no thread hop).
 *
 * <p>Why no byte is lost or reordered:
 * <ul>
 *   <li>The caller starts a job only when nothing of the body waits in user space and every byte already
 *       written to the destination through Netty has left ({@link #start} is given both facts to check).
 *   <li>While the job runs, Netty does not read the source: auto-read is off and its {@code EPOLLRDHUP} interest
 *       is removed ({@link HapairEpollInterest}), so the peer's FIN does not make Netty read either.
 *   <li>Data enters the pipe only when the pipe is empty and at most the body's remaining length is taken, so
 *       the bytes of a next message (keep-alive, pipelining) stay in the socket for Netty to read; with the
 *       pipe empty, {@code EAGAIN} from the source means the socket is empty and 0 means the peer's FIN.
 *   <li>The pipe is always drained into the destination before the job ends (except on a failure, where the
 *       exchange is aborted anyway).
 *   <li>The job works on duplicates of the two descriptors: if Netty closes a channel meanwhile, its number
 *       cannot be reused under the job, and the socket closes when the job lets its duplicate go.
 * </ul>
 */
public final class SpliceJob {
    /** How the job ended (the caller decides what follows). */
    public enum End {
        /** The whole given length went through. */
        LENGTH_DONE,
        /** The source sent its FIN; everything before it went through. */
        SOURCE_EOF,
        /** Reading the source failed (reset); bytes may be left in the pipe, dropped. */
        SOURCE_ERROR,
        /** Writing the destination failed (peer gone); bytes may be left in the pipe, dropped. */
        DESTINATION_ERROR
    }

    /** Where the job is. */
    enum State {
        NEW,
        RUNNING,
        WAIT_SOURCE,
        WAIT_DESTINATION,
        ENDED
    }

    /** What the job reports, always on the event loop. */
    public interface Listener {
        /** {@code n} bytes left the source into the pipe. */
        void splicedIn(long n);

        /** {@code n} bytes left the pipe into the destination. */
        void splicedOut(long n);

        /** The job waits for the source to send ({@code false}) or the destination to drain ({@code true}). */
        void waiting(boolean onDestination);

        /** The job is over; its descriptors and pipe are released and Netty may read the source again. */
        void ended(End end);
    }

    /** Pipe-fulls moved before the job yields the event loop to other connections. */
    private static final int BUDGET = 16;

    private final AbstractEpollStreamChannel source;
    private final AbstractEpollStreamChannel destination;
    private final EventLoop loop;
    private final Listener listener;
    private final int pipeSize;
    private long remaining;
    private State state = State.NEW;

    private int src = -1;
    private int dst = -1;
    private int pipeRead = -1;
    private int pipeWrite = -1;
    private long inPipe;
    private long movedIn;
    private long movedOut;
    private boolean sourceEof;

    private HapairReadiness srcReady;
    private HapairReadiness dstReady;

    /**
     * @param length the bytes to move, or -1 for everything until the source's FIN
     * @param pipeSize the pipe size to ask for ({@code tune.pipesize}), 0 for the kernel's default
     */
    private SpliceJob(
            AbstractEpollStreamChannel source,
            AbstractEpollStreamChannel destination,
            long length,
            int pipeSize,
            Listener listener) {
        this.source = source;
        this.destination = destination;
        this.loop = source.eventLoop();
        this.remaining = length;
        this.pipeSize = pipeSize;
        this.listener = listener;
    }

    /** Whether splicing can work on this system (Linux, libc bound). */
    public static boolean supported() {
        return LinuxSplice.available();
    }

    /**
     * A job from {@code source} to {@code destination}, or null when these channels cannot be spliced (not
     * both plain epoll stream sockets on one event loop, or no splice on this system). Nothing happens until
     * {@link #start}.
     */
    public static SpliceJob between(Channel source, Channel destination, long length, int pipeSize, Listener l) {
        if (!supported()
                || !(source instanceof AbstractEpollStreamChannel s)
                || !(destination instanceof AbstractEpollStreamChannel d)
                || s.eventLoop() != d.eventLoop()
                || length == 0
                || length < -1) return null;
        return new SpliceJob(s, d, length, pipeSize, l);
    }

    public long movedIn() {
        return movedIn;
    }

    public long movedOut() {
        return movedOut;
    }

    public boolean ended() {
        return state == State.ENDED;
    }

    /** Started and not ended: bytes may be in the pipe, the source belongs to the job. */
    public boolean active() {
        return state != State.NEW && state != State.ENDED;
    }

    /** Waiting for the destination to take more (for the timeouts and the log's blame). */
    public boolean waitingOnDestination() {
        return state == State.WAIT_DESTINATION;
    }

    /**
     * Starts moving bytes (on the event loop). The caller has checked that no byte of the body waits in user
     * space and that the destination has no pending Netty write, and has turned auto-read off on the source.
     * Returns false, with nothing changed, when the descriptors or the pipe cannot be had (the caller copies).
     */
    public boolean start() {
        if (state != State.NEW) throw new IllegalStateException("already started");
        try {
            src = LinuxSplice.fcntl(source.fd().intValue(), LinuxSplice.F_DUPFD_CLOEXEC, 0);
            srcReady = new HapairReadiness(src, () -> ready(State.WAIT_SOURCE), () -> {});
            dst = LinuxSplice.fcntl(destination.fd().intValue(), LinuxSplice.F_DUPFD_CLOEXEC, 0);
            dstReady = new HapairReadiness(dst, () -> {}, () -> ready(State.WAIT_DESTINATION));
            if (!loop.register(srcReady).isSuccess() || !loop.register(dstReady).isSuccess())
                throw new IOException("cannot watch the sockets");
            int[] p = new int[2];
            LinuxSplice.pipe2(p, LinuxSplice.O_NONBLOCK | LinuxSplice.O_CLOEXEC);
            pipeRead = p[0];
            pipeWrite = p[1];
            if (pipeSize > 0) {
                try {
                    LinuxSplice.fcntl(pipeWrite, LinuxSplice.F_SETPIPE_SZ, pipeSize);
                } catch (LastErrorException tooBig) {
                    // above /proc/sys/fs/pipe-max-size for an unprivileged process: the default size works
                }
            }
            HapairEpollInterest.ignorePeerShutdown(source);
        } catch (IOException | RuntimeException e) { // LastErrorException is a RuntimeException
            release();
            state = State.NEW;
            return false;
        }
        state = State.RUNNING;
        pump();
        return true;
    }

    /** Ends the job at once without a report (the exchange is over); bytes in the pipe are dropped. */
    public void cancel() {
        if (state == State.ENDED || state == State.NEW) {
            state = State.ENDED;
            return;
        }
        state = State.ENDED;
        release();
    }

    private void ready(State waitedFor) {
        if (state != waitedFor) return; // ended (or cancelled) since
        state = State.RUNNING;
        pump();
    }

    private void pump() {
        int budget = BUDGET;
        while (state == State.RUNNING) {
            if (inPipe > 0) {
                long n = LinuxSplice.move(pipeRead, dst, inPipe);
                if (n < 0) {
                    failed(n, State.WAIT_DESTINATION, End.DESTINATION_ERROR);
                    continue;
                }
                inPipe -= n;
                movedOut += n;
                listener.splicedOut(n);
                continue;
            }
            if (remaining == 0) {
                end(End.LENGTH_DONE);
            } else if (sourceEof) {
                end(End.SOURCE_EOF);
            } else if (--budget == 0) {
                loop.execute(this::pump); // let the loop's other connections run
                return;
            } else {
                spliceIn();
            }
        }
    }

    /** The pipe is empty here: EAGAIN can only mean the socket has nothing, and 0 its FIN. */
    private void spliceIn() {
        long want = remaining < 0 ? Integer.MAX_VALUE : Math.min(remaining, Integer.MAX_VALUE);
        long n = LinuxSplice.move(src, pipeWrite, want);
        if (n < 0) {
            failed(n, State.WAIT_SOURCE, End.SOURCE_ERROR);
            return;
        }
        if (n == 0) {
            sourceEof = true;
            return;
        }
        inPipe += n;
        movedIn += n;
        if (remaining > 0) remaining -= n;
        listener.splicedIn(n);
    }

    /** A splice call returned {@code -errno}: wait on EAGAIN, try again on EINTR (the loop goes on), else end. */
    private void failed(long errno, State waitFor, End failure) {
        if (errno == -LinuxSplice.EAGAIN) await(waitFor);
        else if (errno != -LinuxSplice.EINTR) end(failure);
    }

    private void await(State s) {
        state = s;
        listener.waiting(s == State.WAIT_DESTINATION);
        if (state != s) return; // the listener ended it
        try {
            if (s == State.WAIT_SOURCE) srcReady.awaitReadable();
            else dstReady.awaitWritable();
        } catch (IOException e) {
            end(s == State.WAIT_SOURCE ? End.SOURCE_ERROR : End.DESTINATION_ERROR);
        }
    }

    private void end(End how) {
        state = State.ENDED;
        release();
        listener.ended(how);
    }

    private void release() {
        LinuxSplice.closeQuietly(pipeRead);
        LinuxSplice.closeQuietly(pipeWrite);
        pipeRead = pipeWrite = -1;
        // a readiness channel owns its duplicate and closes it; a duplicate not handed over yet is closed here
        if (srcReady != null) srcReady.unsafe().closeForcibly();
        else LinuxSplice.closeQuietly(src);
        if (dstReady != null) dstReady.unsafe().closeForcibly();
        else LinuxSplice.closeQuietly(dst);
        srcReady = dstReady = null;
        src = dst = -1;
        try {
            HapairEpollInterest.watchPeerShutdown(source);
        } catch (IOException ignored) {
            // the channel is closing: nothing to watch any more
        }
    }
}
