package dev.hapair.proxy.backend;

import io.netty.util.concurrent.FastThreadLocalThread;
import java.util.BitSet;

/**
 * An event-loop thread with a small dense number of its own (its {@linkplain #slot slot}) while it runs, so
 * {@link LoopAdder} counters can give each loop a cell only it writes. Slots are reused once a thread has ended:
 * a process has as many as it has live event loops.
 */
public final class LoopThread extends FastThreadLocalThread {
    private static final BitSet TAKEN = new BitSet();

    /** This thread's slot while it runs (set by the thread itself before anything else), -1 before. */
    private int slot = -1;

    public LoopThread(ThreadGroup group, Runnable target, String name) {
        super(group, target, name);
    }

    @Override
    public void run() {
        slot = take();
        try {
            super.run();
        } finally {
            int s = slot;
            slot = -1;
            give(s);
        }
    }

    /** The slot of the running loop thread (read by that thread only), or -1. */
    int slot() {
        return slot;
    }

    private static int take() {
        synchronized (TAKEN) {
            int s = TAKEN.nextClearBit(0);
            TAKEN.set(s);
            return s;
        }
    }

    private static void give(int s) {
        // the synchronized block orders this thread's last counter writes before the slot's next owner reads them
        synchronized (TAKEN) {
            TAKEN.clear(s);
        }
    }
}
