package dev.hapair.vrrp.runtime;

import dev.hapair.vrrp.os.AdvertChannel;
import dev.hapair.vrrp.os.NativeException;
import dev.hapair.vrrp.os.NetworkOs;
import dev.hapair.vrrp.os.ReceivedPacket;
import dev.hapair.vrrp.packet.DecodeResult;
import dev.hapair.vrrp.packet.DropCounters;
import dev.hapair.vrrp.packet.DropReason;
import dev.hapair.vrrp.packet.VrrpCodec;
import java.net.Inet4Address;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * One advert socket shared by the instances that send and receive on the same interface the same way
 * (multicast, or unicast from one source address). The channel's receiver thread decodes each packet once
 * and hands it to the instances with its VRID; each applies its own receive policy and queues the result
 * onto the daemon loop, so receiving never waits for the state machine. Packets no instance claims are
 * counted here by reason.
 */
final class AdvertReceiver implements AutoCloseable {
    /** An instance's receive side, called on the receiver thread. */
    interface Subscriber {
        int vrid();

        void onDecoded(DecodeResult.Accepted advert);
    }

    private final String key;
    private final AdvertChannel channel;
    private final VrrpCodec codec;
    private final DropCounters unclaimed = new DropCounters();
    private final List<Subscriber> subscribers = new CopyOnWriteArrayList<>();

    private AdvertReceiver(
            String key, NetworkOs os, String interfaceName, Inet4Address source, boolean unicast, VrrpCodec codec)
            throws NativeException {
        this.key = key;
        this.codec = codec;
        this.channel = unicast
                ? os.openUnicastChannel(interfaceName, source, this::onPacket)
                : os.openMulticastChannel(interfaceName, source, this::onPacket);
    }

    static String key(String interfaceName, Inet4Address source, boolean unicast) {
        return interfaceName + (unicast ? " unicast " : " multicast ") + source.getHostAddress();
    }

    static AdvertReceiver open(
            NetworkOs os, String interfaceName, Inet4Address source, boolean unicast, VrrpCodec codec)
            throws NativeException {
        return new AdvertReceiver(key(interfaceName, source, unicast), os, interfaceName, source, unicast, codec);
    }

    String key() {
        return key;
    }

    AdvertChannel channel() {
        return channel;
    }

    void subscribe(Subscriber s) {
        subscribers.add(s);
    }

    /** Returns true when nobody is left (the caller then closes the channel). */
    boolean unsubscribe(Subscriber s) {
        subscribers.remove(s);
        return subscribers.isEmpty();
    }

    /** Packets that were malformed or for a VRID no instance here runs. */
    DropCounters unclaimed() {
        return unclaimed;
    }

    private void onPacket(ReceivedPacket packet) {
        DecodeResult r = codec.decodeIpv4(packet.ipPacket());
        if (r instanceof DecodeResult.Dropped d) {
            unclaimed.drop(d.reason());
            return;
        }
        DecodeResult.Accepted a = (DecodeResult.Accepted) r;
        boolean claimed = false;
        for (Subscriber s : subscribers) {
            if (s.vrid() == a.advert().vrid()) {
                claimed = true;
                s.onDecoded(a);
            }
        }
        if (!claimed) {
            unclaimed.drop(DropReason.VRID_MISMATCH);
        }
    }

    @Override
    public void close() {
        channel.close();
    }
}
