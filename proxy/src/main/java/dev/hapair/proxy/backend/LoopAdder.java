package dev.hapair.proxy.backend;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A statistics counter the event loops add to without an atomic instruction: each {@link LoopThread} adds to a
 * cell only it writes (plain read, opaque write), other threads under a lock; {@link #sum} adds the cells up, so
 * a reading sees every addition made before it, as {@link java.util.concurrent.atomic.LongAdder}'s does. Several
 * per-request counters of one proxy or server share a {@link Bank}: one array per loop holds all of them (one
 * object to reach, no cache line written by two cores). {@link #reset} remembers the sum it clears from instead
 * of writing into the loops' cells, so it never races with them (like LongAdder's, a reset concurrent with
 * additions may or may not include them).
 */
public final class LoopAdder {
    private final Bank bank;
    private final int id;

    private LoopAdder(Bank bank, int id) {
        this.bank = bank;
        this.id = id;
    }

    public void increment() {
        bank.add(id, 1);
    }

    public void decrement() {
        bank.add(id, -1);
    }

    public void add(long n) {
        bank.add(id, n);
    }

    public long sum() {
        return bank.sum(id);
    }

    /** The sum restarts from zero. */
    public void reset() {
        bank.reset(id);
    }

    /**
     * This counter as seen from the calling event loop: its cell there, found once, for an owner that lives on one
     * loop and adds many times (a tcp session's byte counts, at every relayed chunk). {@link #add} finds the loop
     * and its cells at each call (the current thread's type and slot, the bank's array of loops): in the L4 relay's
     * profiles its six additions per request cost 0.01 to 0.25 us from one process to the next, this 0.06-0.07.
     * Made on another thread, or used on another thread than the one that made it, it adds through {@link #add}.
     */
    public Local local() {
        Thread t = Thread.currentThread();
        if (t instanceof LoopThread lt && lt.slot() >= 0) return new Local(this, t, bank.cellsOf(lt.slot()));
        return new Local(this, null, null);
    }

    /** {@link #local}: one counter's cell of one event loop. */
    public static final class Local {
        private final LoopAdder adder;
        private final Thread owner;
        private final long[] cells;

        private Local(LoopAdder adder, Thread owner, long[] cells) {
            this.adder = adder;
            this.owner = owner;
            this.cells = cells;
        }

        public void add(long n) {
            long[] c = cells;
            if (c != null && Thread.currentThread() == owner) {
                int i = adder.id;
                Bank.LONGS.setOpaque(c, i, c[i] + n); // only this thread writes this cell
            } else {
                adder.add(n);
            }
        }
    }

    /** The cells of a fixed number of counters: one array per event loop that added to them, plus a shared one. */
    public static final class Bank {
        private static final VarHandle LONGS = MethodHandles.arrayElementVarHandle(long[].class);

        private final int size;
        private int given;
        /** Per loop slot, the cells that loop writes (null until it first adds); replaced, never changed in place. */
        private volatile long[][] loops = new long[0][];
        /** The cells of threads that are not event loops (written under the lock). */
        private final long[] shared;
        /** What {@link #reset} subtracts (written under the lock). */
        private final long[] base;

        public Bank(int size) {
            this.size = size;
            this.shared = new long[size];
            this.base = new long[size];
        }

        /** The next counter of this bank; at most {@code size} of them. */
        public synchronized LoopAdder adder() {
            if (given >= size) throw new IllegalStateException("counter bank of " + size + " is full");
            return new LoopAdder(this, given++);
        }

        void add(int id, long n) {
            if (Thread.currentThread() instanceof LoopThread t) {
                int slot = t.slot();
                long[][] ls = loops;
                long[] mine;
                if (slot >= 0 && slot < ls.length && (mine = ls[slot]) != null) {
                    LONGS.setOpaque(mine, id, mine[id] + n); // only this thread writes this cell
                    return;
                }
                if (slot >= 0) {
                    mine = cellsOf(slot);
                    LONGS.setOpaque(mine, id, mine[id] + n);
                    return;
                }
            }
            synchronized (this) {
                LONGS.setOpaque(shared, id, shared[id] + n);
            }
        }

        /** The cells of loop {@code slot}, made on its first addition. */
        synchronized long[] cellsOf(int slot) {
            long[][] ls = loops;
            if (slot < ls.length && ls[slot] != null) return ls[slot];
            long[][] grown = java.util.Arrays.copyOf(ls, Math.max(ls.length, slot + 1));
            grown[slot] = new long[size];
            loops = grown;
            return grown[slot];
        }

        private long raw(int id) {
            long s = (long) LONGS.getOpaque(shared, id);
            for (long[] cells : loops) {
                if (cells != null) s += (long) LONGS.getOpaque(cells, id);
            }
            return s;
        }

        long sum(int id) {
            // the baseline first, acquiring what the reset that wrote it read from the cells: the cells read next are
            // at least that, so a reading during a reset is the old total or a new one, never below zero
            long b = (long) LONGS.getAcquire(base, id);
            return raw(id) - b;
        }

        synchronized void reset(int id) {
            LONGS.setRelease(base, id, raw(id));
        }
    }
}
