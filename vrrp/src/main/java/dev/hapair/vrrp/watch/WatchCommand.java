package dev.hapair.vrrp.watch;

import java.io.IOException;
import java.io.PrintStream;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * {@code hapair-vrrp watch}: captures VRRP and ARP on an interface and keeps the {@link WatchTable} on screen.
 * On a terminal the table is redrawn every second; otherwise (a pipe, a log) each new conflict is printed
 * when it first appears and the table once at the end. Ctrl-C ends it like {@code -t}/{@code -c} do.
 */
public final class WatchCommand {
    private static final long REDRAW_NANOS = 1_000_000_000L;
    private static final String CLEAR = "\033[H\033[2J";
    private static final String PCAP4J_LOG_LEVEL = "org.slf4j.simpleLogger.log.org.pcap4j";

    private final WatchOptions options;
    private final PrintStream out;
    private final boolean terminal;
    private volatile boolean stopping;

    WatchCommand(WatchOptions options, PrintStream out, boolean terminal) {
        this.options = options;
        this.out = out;
        this.terminal = terminal;
    }

    /** Runs {@code watch ARGS...} (the arguments after {@code watch}); returns the exit code. */
    public static int run(List<String> args, PrintStream out, PrintStream err) {
        WatchOptions options;
        try {
            options = WatchOptions.parse(args);
        } catch (WatchOptions.UsageException e) {
            err.println("hapair-vrrp: " + e.getMessage());
            err.println(WatchOptions.USAGE);
            return 2;
        }
        // pcap4j logs its library loading at INFO; the table is the output here
        if (System.getProperty(PCAP4J_LOG_LEVEL) == null) {
            System.setProperty(PCAP4J_LOG_LEVEL, "warn");
        }
        WatchCommand cmd = new WatchCommand(options, out, System.console() != null);
        CountDownLatch done = new CountDownLatch(1);
        Thread hook = new Thread(
                () -> {
                    cmd.stopping = true;
                    try {
                        done.await(2, TimeUnit.SECONDS); // let the loop print the final table
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                },
                "watch-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            return cmd.loop(err);
        } finally {
            done.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // already shutting down: the hook is running and has just been released
            }
        }
    }

    int loop(PrintStream err) {
        WatchTable table = new WatchTable();
        WireDecoder decoder = new WireDecoder();
        Set<String> reported = new HashSet<>();
        long vrrpPackets = 0;
        long start = System.nanoTime();
        long deadline = options.duration().map(d -> start + d.toNanos()).orElse(Long.MAX_VALUE);
        long nextDraw = start;
        try (PcapCapture capture = PcapCapture.open(options.interfaceName(), PcapCapture.VRRP_AND_ARP)) {
            if (!terminal) {
                out.println("hapair-vrrp watch: listening on " + options.interfaceName() + " ("
                        + PcapCapture.VRRP_AND_ARP + ")");
                out.flush();
            }
            while (!stopping
                    && System.nanoTime() < deadline
                    && vrrpPackets < options.count().orElse(Long.MAX_VALUE)) {
                Optional<CapturedFrame> f = capture.next();
                if (f.isPresent()) {
                    WireFrame w = decoder.decode(f.get());
                    table.observe(w);
                    if (!(w instanceof WireFrame.Arp)) {
                        vrrpPackets++;
                    }
                }
                long now = System.nanoTime();
                if (now >= nextDraw) {
                    nextDraw = now + REDRAW_NANOS;
                    show(table.snapshot(Instant.now()), reported);
                }
            }
            WatchSnapshot last = table.snapshot(Instant.now());
            reportConflicts(last, reported);
            out.print(WatchRenderer.render(options.interfaceName(), last));
            out.flush();
            return 0;
        } catch (IOException e) {
            err.println("hapair-vrrp watch: " + e.getMessage());
            return 1;
        }
    }

    private void show(WatchSnapshot s, Set<String> reported) {
        if (terminal) {
            out.print(CLEAR + WatchRenderer.render(options.interfaceName(), s));
        } else {
            reportConflicts(s, reported);
        }
        out.flush();
    }

    private void reportConflicts(WatchSnapshot s, Set<String> reported) {
        if (terminal) {
            return;
        }
        for (Conflict c : s.conflicts()) {
            if (reported.add(c.kind() + "/" + c.vrid() + "/" + c.sources())) {
                out.println(s.at() + " CONFLICT " + c);
            }
        }
    }
}
