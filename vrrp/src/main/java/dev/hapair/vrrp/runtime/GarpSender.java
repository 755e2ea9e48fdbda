package dev.hapair.vrrp.runtime;

import dev.hapair.vrrp.os.FrameSender;
import dev.hapair.vrrp.os.InterfaceInfo;
import dev.hapair.vrrp.os.NativeException;
import dev.hapair.vrrp.os.NetworkOs;
import dev.hapair.vrrp.packet.GarpFrames;
import dev.hapair.vrrp.packet.MacAddress;
import java.io.IOException;
import java.net.Inet4Address;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gratuitous ARP for VIPs, from the MAC of the interface each VIP lives on, through one AF_PACKET socket per
 * interface (opened on first use, kept for the daemon's life). Used on the loop thread only.
 */
final class GarpSender implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(GarpSender.class);

    private final NetworkOs os;
    private final Map<String, FrameSender> senders = new HashMap<>();
    private final Map<String, MacAddress> macs = new HashMap<>();

    GarpSender(NetworkOs os) {
        this.os = os;
    }

    /** Sends one gratuitous ARP for {@code vip} on {@code interfaceName}; returns false (logged) on failure. */
    boolean send(String interfaceName, Inet4Address vip) {
        return sendFrame(interfaceName, vip.getHostAddress(), mac -> GarpFrames.gratuitousArp(mac, vip));
    }

    /** Sends one unsolicited neighbour advertisement for an IPv6 {@code vip}; false (logged) on failure. */
    boolean sendNa(String interfaceName, java.net.Inet6Address vip) {
        return sendFrame(
                interfaceName,
                vip.getHostAddress(),
                mac -> dev.hapair.vrrp.packet.NeighbourAdvertFrames.unsolicited(mac, vip));
    }

    private boolean sendFrame(String interfaceName, String vip, java.util.function.Function<MacAddress, byte[]> frame) {
        return sendFrame(interfaceName, vip, frame, true);
    }

    private boolean sendFrame(
            String interfaceName, String vip, java.util.function.Function<MacAddress, byte[]> frame, boolean retry) {
        try {
            MacAddress mac = macs.get(interfaceName);
            if (mac == null) {
                InterfaceInfo info = os.interfaces().lookup(interfaceName);
                mac = info.mac().orElseThrow(() -> new IOException(interfaceName + " has no MAC address"));
                macs.put(interfaceName, mac);
            }
            FrameSender s = senders.get(interfaceName);
            if (s == null) {
                s = os.openFrameSender(interfaceName);
                senders.put(interfaceName, s);
            }
            s.send(frame.apply(mac));
            return true;
        } catch (NativeException e) {
            // a re-created interface has a new index and MAC: the cached socket points at the old one
            FrameSender stale = senders.remove(interfaceName);
            if (stale != null) stale.close();
            macs.remove(interfaceName);
            if (retry) return sendFrame(interfaceName, vip, frame, false);
            LOG.warn("announcing {} on {} failed: {}", vip, interfaceName, e.getMessage());
        } catch (IOException e) {
            LOG.warn("announcing {} on {} failed: {}", vip, interfaceName, e.getMessage());
            macs.remove(interfaceName); // the interface may have been replaced: look it up again next time
        }
        return false;
    }

    @Override
    public void close() {
        senders.values().forEach(FrameSender::close);
        senders.clear();
    }
}
