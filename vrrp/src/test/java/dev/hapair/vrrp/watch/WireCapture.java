package dev.hapair.vrrp.watch;

import dev.hapair.vrrp.os.NetworkNamespace;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * What really went on the wire, for ITs: a pcap4j capture (filter {@link PcapCapture#VRRP_AND_ARP} unless told
 * otherwise) on an interface inside a network namespace, decoded with the daemon's own codec. The capture
 * runs on its own thread that has setns()'d into the namespace; {@link #start} returns once the handle is open,
 * so nothing sent afterwards is missed.
 *
 * <pre>{@code
 * try (WireCapture cap = WireCapture.start(host.namespace(), "eth0")) {
 *     ... provoke a takeover ...
 *     List<WireFrame.Advert> adverts = cap.stop().adverts();
 * }
 * // or: WireCapture.capture(ns, "eth0", Duration.ofSeconds(2))
 * }</pre>
 */
public final class WireCapture implements AutoCloseable {
    private final String namespace;
    private final String interfaceName;
    private final List<WireFrame> frames = new ArrayList<>();
    private final CompletableFuture<Void> opened = new CompletableFuture<>();
    private final Thread thread;
    private volatile boolean stopping;
    private volatile IOException failure;

    private WireCapture(String namespace, String interfaceName, String filter) {
        this.namespace = namespace;
        this.interfaceName = interfaceName;
        this.thread = new Thread(() -> run(filter), "wire-capture-" + namespace + "-" + interfaceName);
        thread.setDaemon(true);
    }

    /** Starts capturing VRRP and ARP on {@code interfaceName} inside {@code namespace}. */
    public static WireCapture start(String namespace, String interfaceName) {
        return start(namespace, interfaceName, PcapCapture.VRRP_AND_ARP);
    }

    public static WireCapture start(String namespace, String interfaceName, String filter) {
        WireCapture c = new WireCapture(namespace, interfaceName, filter);
        c.thread.start();
        try {
            c.opened.get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException(
                    "capture on " + namespace + "/" + interfaceName + " failed: "
                            + e.getCause().getMessage(),
                    e.getCause());
        } catch (TimeoutException | InterruptedException e) {
            c.close();
            throw new IllegalStateException("capture on " + namespace + "/" + interfaceName + " did not open", e);
        }
        return c;
    }

    /** Captures for {@code duration} and returns what was seen. */
    public static Frames capture(String namespace, String interfaceName, Duration duration) {
        try (WireCapture c = start(namespace, interfaceName)) {
            sleep(duration);
            return c.stop();
        }
    }

    private void run(String filter) {
        WireDecoder decoder = new WireDecoder();
        try {
            NetworkNamespace.enter(namespace);
        } catch (Exception e) {
            opened.completeExceptionally(e);
            return;
        }
        try (PcapCapture cap = PcapCapture.open(interfaceName, filter)) {
            opened.complete(null);
            while (!stopping) {
                Optional<CapturedFrame> f = cap.next();
                if (f.isPresent()) {
                    WireFrame w = decoder.decode(f.get());
                    synchronized (frames) {
                        frames.add(w);
                    }
                }
            }
            // drain what the kernel already queued before the stop
            for (Optional<CapturedFrame> f = cap.next(); f.isPresent(); f = cap.next()) {
                WireFrame w = decoder.decode(f.get());
                synchronized (frames) {
                    frames.add(w);
                }
            }
        } catch (IOException e) {
            failure = e;
            opened.completeExceptionally(e);
        }
    }

    /** The frames seen so far (the capture goes on). */
    public Frames frames() {
        synchronized (frames) {
            return new Frames(List.copyOf(frames));
        }
    }

    /** Stops the capture and returns every frame seen. */
    public Frames stop() {
        stopping = true;
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (failure != null) {
            throw new UncheckedIOException("capture on " + namespace + "/" + interfaceName + " failed", failure);
        }
        return frames();
    }

    @Override
    public void close() {
        stopping = true;
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Captured frames in arrival order, with filters for the kinds tests assert on. */
    public record Frames(List<WireFrame> all) {
        public Frames {
            all = List.copyOf(all);
        }

        public List<WireFrame.Advert> adverts() {
            return all.stream()
                    .filter(WireFrame.Advert.class::isInstance)
                    .map(WireFrame.Advert.class::cast)
                    .toList();
        }

        /** VRRPv3 adverts over IPv6. */
        public List<WireFrame.Advert6> adverts6() {
            return all.stream()
                    .filter(WireFrame.Advert6.class::isInstance)
                    .map(WireFrame.Advert6.class::cast)
                    .toList();
        }

        /** Adverts from one source address. */
        public List<WireFrame.Advert> advertsFrom(String sourceIp) {
            return adverts().stream()
                    .filter(a -> a.ip().source().getHostAddress().equals(sourceIp))
                    .toList();
        }

        public List<WireFrame.Arp> gratuitousArps() {
            return all.stream()
                    .filter(WireFrame.Arp.class::isInstance)
                    .map(WireFrame.Arp.class::cast)
                    .filter(a -> a.arp().isGratuitous())
                    .toList();
        }

        public List<WireFrame.Undecoded> undecoded() {
            return all.stream()
                    .filter(WireFrame.Undecoded.class::isInstance)
                    .map(WireFrame.Undecoded.class::cast)
                    .toList();
        }
    }
}
