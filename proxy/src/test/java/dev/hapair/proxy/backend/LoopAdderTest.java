package dev.hapair.proxy.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hapair.proxy.netty.Transport;
import io.netty.channel.EventLoopGroup;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class LoopAdderTest {
    private static final int N = 200_000;

    /** Starts {@code loops} loop threads and {@code others} plain ones, all running {@code body} at once. */
    private static void together(int loops, int others, Runnable body) throws InterruptedException {
        CountDownLatch go = new CountDownLatch(1);
        Runnable r = () -> {
            try {
                go.await();
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
            body.run();
        };
        List<Thread> ts = new ArrayList<>();
        for (int i = 0; i < loops; i++) ts.add(new LoopThread(null, r, "loop-" + i));
        for (int i = 0; i < others; i++) ts.add(new Thread(r, "other-" + i));
        ts.forEach(Thread::start);
        go.countDown();
        for (Thread t : ts) t.join();
    }

    @Test
    void sumsAreExactWhenLoopsAndOtherThreadsAddAtOnce() throws InterruptedException {
        LoopAdder.Bank bank = new LoopAdder.Bank(3);
        LoopAdder a = bank.adder(), b = bank.adder(), c = bank.adder();
        together(3, 2, () -> {
            for (int i = 0; i < N; i++) {
                a.increment();
                b.add(3);
                c.decrement();
            }
        });
        assertEquals(5L * N, a.sum());
        assertEquals(15L * N, b.sum());
        assertEquals(-5L * N, c.sum());
    }

    /** A loop's local view adds to that loop's cell; other loops and threads adding at once all count. */
    @Test
    void aLocalAddsToItsLoopsCellAndEveryAdditionCounts() throws InterruptedException {
        LoopAdder.Bank bank = new LoopAdder.Bank(2);
        LoopAdder a = bank.adder(), b = bank.adder();
        together(3, 2, () -> {
            LoopAdder.Local local = a.local();
            for (int i = 0; i < N; i++) {
                local.add(2);
                b.increment();
            }
        });
        assertEquals(10L * N, a.sum());
        assertEquals(5L * N, b.sum());
    }

    /**
     * Used on another thread than the loop that made it, a local view adds through the bank: the loop's cell is only
     * ever written by the loop.
     */
    @Test
    void aLocalUsedOnAnotherThreadLeavesTheLoopsCellAlone() throws InterruptedException {
        LoopAdder.Bank bank = new LoopAdder.Bank(1);
        LoopAdder a = bank.adder();
        LoopAdder.Local[] made = new LoopAdder.Local[1];
        long[][] cells = new long[1][];
        together(1, 0, () -> {
            made[0] = a.local();
            made[0].add(5);
            cells[0] = bank.cellsOf(((LoopThread) Thread.currentThread()).slot());
        });
        assertEquals(5, cells[0][0]);
        together(0, 2, () -> made[0].add(7)); // plain threads (a loop thread started now would take the slot over)
        assertEquals(5, cells[0][0], "the making loop's cell");
        assertEquals(19, a.sum());
        LoopAdder.Local plain = a.local(); // made off any loop: adds through the bank
        plain.add(1);
        assertEquals(20, a.sum());
    }

    @Test
    void aSlotTakenAgainKeepsWhatTheEndedLoopAdded() throws InterruptedException {
        LoopAdder.Bank bank = new LoopAdder.Bank(1);
        LoopAdder a = bank.adder();
        together(1, 0, () -> a.add(5));
        together(1, 0, () -> a.add(7)); // most likely the same slot: it continues from the cell's value
        assertEquals(12, a.sum());
    }

    @Test
    void resetRestartsOneCounterFromZero() throws InterruptedException {
        LoopAdder.Bank bank = new LoopAdder.Bank(2);
        LoopAdder a = bank.adder(), b = bank.adder();
        together(2, 1, () -> {
            a.add(10);
            b.add(4);
        });
        a.reset();
        assertEquals(0, a.sum());
        assertEquals(12, b.sum());
        together(1, 1, a::increment);
        assertEquals(2, a.sum());
        assertEquals(12, b.sum());
    }

    /** {@code clear counters} while a stats reader reads and the loops count: never a total below zero. */
    @Test
    void aReadingDuringResetsIsNeverNegative() throws InterruptedException {
        LoopAdder.Bank bank = new LoopAdder.Bank(1);
        LoopAdder a = bank.adder();
        java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
        java.util.concurrent.atomic.AtomicLong lowest = new java.util.concurrent.atomic.AtomicLong();
        Thread resetter = new Thread(() -> {
            while (!stop.get()) a.reset();
        });
        Thread reader = new Thread(() -> {
            long low = 0;
            for (int i = 0; i < 20 * N && low >= 0; i++) low = Math.min(low, a.sum());
            lowest.set(low);
            stop.set(true);
        });
        resetter.start();
        reader.start();
        together(2, 0, () -> {
            while (!stop.get()) a.increment();
        });
        reader.join();
        resetter.join();
        assertEquals(0, lowest.get(), "a sum read while resets ran");
    }

    @Test
    void aBankHandsOutItsSizeOnly() {
        LoopAdder.Bank bank = new LoopAdder.Bank(1);
        bank.adder();
        assertThrows(IllegalStateException.class, bank::adder);
    }

    @Test
    void serverCountersReadExactlyAfterLoopsCountedInParallel() throws InterruptedException {
        ServerCounters sc = new ServerCounters();
        together(2, 1, () -> {
            for (int i = 0; i < N; i++) {
                sc.requestReceived();
                sc.addBytesOut(2);
                sc.response(200);
                sc.h1().streamOpened();
                sc.h1().read(1);
            }
        });
        assertEquals(3L * N, sc.requests());
        assertEquals(6L * N, sc.bytesOut());
        assertEquals(3L * N, sc.responses(2));
        assertEquals(3L * N, sc.h1().totalStreams());
        assertEquals(3L * N, sc.h1().openStreams());
        assertEquals(3L * N, sc.h1().bytesIn());
        sc.clear(true);
        assertEquals(0, sc.requests());
        assertEquals(0, sc.h1().totalStreams());
        assertEquals(3L * N, sc.h1().openStreams()); // a gauge is state: kept
    }

    @Test
    void theProxysEventLoopsAreLoopThreads() throws Exception {
        EventLoopGroup g = Transport.best().newGroup(1, "loopadder-test");
        try {
            assertTrue(g.next()
                    .submit(() -> Thread.currentThread() instanceof LoopThread)
                    .get());
        } finally {
            g.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).sync();
        }
    }
}
