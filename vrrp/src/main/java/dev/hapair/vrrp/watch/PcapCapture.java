package dev.hapair.vrrp.watch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.pcap4j.core.BpfProgram;
import org.pcap4j.core.NotOpenException;
import org.pcap4j.core.PcapHandle;
import org.pcap4j.core.PcapNativeException;
import org.pcap4j.core.PcapNetworkInterface;

/**
 * A live libpcap capture (pcap4j) on one interface, read frame by frame with a short timeout so the owner can
 * stop it between reads. The handle is an AF_PACKET socket: it captures in the network namespace of the thread
 * that opened it (open it from a thread that entered a namespace to capture there). Not thread-safe: open,
 * read and close it from one thread.
 */
public final class PcapCapture implements AutoCloseable {
    /**
     * VRRP adverts (protocol 112 over IPv4, next header 112 over IPv6), ARP (gratuitous or not) and IPv6
     * neighbour advertisements (ICMPv6 type 136 right after the IPv6 header), IPv6's equivalent of GARP.
     */
    public static final String VRRP_AND_ARP = "ip proto 112 or ip6 proto 112 or arp or (icmp6 and ip6[40] == 136)";

    static final int SNAPLEN = 65_536;
    static final int READ_TIMEOUT_MILLIS = 50;
    static final int IDLE_PAUSE_MILLIS = 5;
    private static final String LIB_PROPERTY = "org.pcap4j.core.pcapLibName";
    /** Debian ships libpcap.so only with libpcap-dev; the runtime package has the versioned names. */
    private static final List<String> LIB_CANDIDATES = List.of(
            "/usr/lib/x86_64-linux-gnu/libpcap.so",
            "/usr/lib/x86_64-linux-gnu/libpcap.so.1",
            "/usr/lib/x86_64-linux-gnu/libpcap.so.0.8",
            "/usr/lib/aarch64-linux-gnu/libpcap.so.1",
            "/usr/lib/aarch64-linux-gnu/libpcap.so.0.8",
            "/usr/lib64/libpcap.so.1",
            "/usr/lib/libpcap.so.1");

    private final String interfaceName;
    private final PcapHandle handle;

    private PcapCapture(String interfaceName, PcapHandle handle) {
        this.interfaceName = interfaceName;
        this.handle = handle;
    }

    /** Opens {@code interfaceName} promiscuously with a BPF {@code filter} (tcpdump syntax). */
    public static PcapCapture open(String interfaceName, String filter) throws IOException {
        Objects.requireNonNull(interfaceName, "interfaceName");
        locateLibrary();
        PcapHandle h;
        try {
            h = new PcapHandle.Builder(interfaceName)
                    .snaplen(SNAPLEN)
                    .promiscuousMode(PcapNetworkInterface.PromiscuousMode.PROMISCUOUS)
                    .timeoutMillis(READ_TIMEOUT_MILLIS)
                    .immediateMode(true)
                    .build();
        } catch (PcapNativeException | RuntimeException | UnsatisfiedLinkError e) {
            throw new IOException(
                    "cannot capture on " + interfaceName + ": " + e.getMessage() + " (needs libpcap and CAP_NET_RAW)",
                    e);
        }
        try {
            h.setFilter(filter, BpfProgram.BpfCompileMode.OPTIMIZE);
            // libpcap on Linux ignores the read timeout in immediate mode and would block forever on a quiet
            // segment; non-blocking reads plus a short pause keep both low latency and a way out
            h.setBlockingMode(PcapHandle.BlockingMode.NONBLOCKING);
        } catch (PcapNativeException | NotOpenException | RuntimeException e) {
            h.close();
            throw new IOException("bad capture filter '" + filter + "' on " + interfaceName + ": " + e.getMessage(), e);
        }
        return new PcapCapture(interfaceName, h);
    }

    /** The next frame, or empty when none is queued (after a pause of {@value #IDLE_PAUSE_MILLIS} ms). */
    public Optional<CapturedFrame> next() throws IOException {
        try {
            byte[] raw = handle.getNextRawPacket();
            if (raw == null) {
                try {
                    Thread.sleep(IDLE_PAUSE_MILLIS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return Optional.empty();
            }
            Instant at = handle.getTimestamp().toInstant();
            return Optional.of(new CapturedFrame(at, raw));
        } catch (NotOpenException e) {
            throw new IOException("capture on " + interfaceName + " is closed", e);
        }
    }

    public String interfaceName() {
        return interfaceName;
    }

    @Override
    public void close() {
        if (handle.isOpen()) {
            handle.close();
        }
    }

    /** Points pcap4j at a versioned libpcap when the unversioned name does not exist (no -dev package). */
    private static synchronized void locateLibrary() {
        if (System.getProperty(LIB_PROPERTY) != null) {
            return;
        }
        for (String candidate : LIB_CANDIDATES) {
            if (Files.exists(Path.of(candidate))) {
                System.setProperty(LIB_PROPERTY, candidate);
                return;
            }
        }
    }
}
