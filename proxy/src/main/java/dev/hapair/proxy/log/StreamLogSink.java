package dev.hapair.proxy.log;

import java.io.PrintStream;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * Writes log lines to a stream (stdout/stderr) from a background thread, so an event loop never
 * waits on a slow terminal or pipe; when the queue is full lines are dropped and counted.
 */
public final class StreamLogSink implements LogSink {
    private final BlockingQueue<String> queue = new ArrayBlockingQueue<>(8192);
    private final PrintStream out;
    private final Thread writer;
    private final LongAdder dropped = new LongAdder();
    private volatile boolean closed;

    public StreamLogSink(PrintStream out) {
        this.out = out;
        this.writer = new Thread(this::run, "hapair-log-writer");
        writer.setDaemon(true);
        writer.start();
    }

    @Override
    public void log(int severity, String line) {
        if (!queue.offer(line)) dropped.increment();
    }

    public long dropped() {
        return dropped.sum();
    }

    private void run() {
        try {
            while (!closed || !queue.isEmpty()) {
                String line = queue.poll(200, TimeUnit.MILLISECONDS);
                if (line == null) continue;
                out.println(line);
                String more;
                while ((more = queue.poll()) != null) out.println(more);
                out.flush();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            writer.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
