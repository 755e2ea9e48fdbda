package dev.hapair.vrrp.runtime;

import dev.hapair.vrrp.os.AdvertChannel;
import dev.hapair.vrrp.os.NativeException;
import dev.hapair.vrrp.os.NetworkOs;
import dev.hapair.vrrp.os.ReceivedPacket;
import dev.hapair.vrrp.packet.DecodeResult;
import dev.hapair.vrrp.packet.DropCounters;
import dev.hapair.vrrp.packet.DropReason;
import dev.hapair.vrrp.packet.Vrrp6Codec;
import dev.hapair.vrrp.packet.Vrrp6DecodeResult;
import dev.hapair.vrrp.packet.VrrpCodec;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * One advert socket shared by the instances that send and receive on the same interface the same way
 * (multicast, or unicast from one source address; IPv6 instances share the interface's ff02::12 socket). The channel's receiver thread decodes each packet once
 * and hands it to the instances with its VRID; each applies its own receive policy and queues the result
 * onto the daemon loop, so receiving never waits for the state machine. Packets no instance claims are
 * counted here by reason.
 */
final class AdvertReceiver implements AutoCloseable {
    /** An instance's receive side, called on the receiver thread. */
    interface Subscriber {
        int vrid();

        void onDecoded(DecodeResult.Accepted advert);

        /** An IPv6 advert (the receiver runs over IPv6). */
        void onDecoded6(Vrrp6DecodeResult.Accepted advert);
    }

    private final String key;
    private final NetworkOs os;
    private final String interfaceName;
    private final InetAddress source;
    private final boolean unicast;
    private final VrrpCodec codec;
    private final Vrrp6Codec codec6 = new Vrrp6Codec();
    private final DropCounters unclaimed = new DropCounters();
    private final List<Subscriber> subscribers = new CopyOnWriteArrayList<>();
    /** Replaced when the interface is re-created (a new index): the old socket is bound to one that is gone. */
    private volatile AdvertChannel channel;

    private int ifindex;

    private AdvertReceiver(
            String key, NetworkOs os, String interfaceName, InetAddress source, boolean unicast, VrrpCodec codec)
            throws NativeException {
        this.key = key;
        this.os = os;
        this.interfaceName = interfaceName;
        this.source = source;
        this.unicast = unicast;
        this.codec = codec;
        this.ifindex = indexOf(os, interfaceName);
        this.channel = openChannel();
    }

    private AdvertChannel openChannel() throws NativeException {
        if (ipv6()) {
            return os.openMulticastChannel6(interfaceName, this::onPacket);
        }
        Inet4Address source = (Inet4Address) this.source;
        return unicast
                ? os.openUnicastChannel(interfaceName, source, this::onPacket)
                : os.openMulticastChannel(interfaceName, source, this::onPacket);
    }

    private static int indexOf(NetworkOs os, String name) {
        try {
            return os.interfaces().lookup(name).index();
        } catch (NativeException | RuntimeException e) {
            return -1;
        }
    }

    /**
     * The interface is up again: when it is a new interface of the same name (deleted and re-created, so its
     * index changed) the socket moves to it, else adverts would go nowhere ({@code ENODEV}) and none would be
     * received. Returns the new index, or -1 when nothing had to change. Loop thread.
     */
    int followInterface() throws NativeException {
        int now = indexOf(os, interfaceName);
        if (now < 0 || now == ifindex) return -1;
        AdvertChannel old = channel;
        channel = openChannel();
        ifindex = now;
        old.close();
        return now;
    }

    /** VRRPv3 over IPv6: ff02::12 from a link-local source. */
    boolean ipv6() {
        return source instanceof Inet6Address;
    }

    static String key(String interfaceName, InetAddress source, boolean unicast) {
        return interfaceName + (unicast ? " unicast " : " multicast ") + source.getHostAddress();
    }

    static AdvertReceiver open(NetworkOs os, String interfaceName, InetAddress source, boolean unicast, VrrpCodec codec)
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
        if (ipv6()) {
            Vrrp6DecodeResult r = codec6.decodeIpv6(packet.ipPacket());
            if (r instanceof Vrrp6DecodeResult.Accepted a) {
                handOff(a.advert().vrid(), s -> s.onDecoded6(a));
            } else {
                unclaimed.drop(((Vrrp6DecodeResult.Dropped) r).reason());
            }
            return;
        }
        DecodeResult r = codec.decodeIpv4(packet.ipPacket());
        if (r instanceof DecodeResult.Accepted a) {
            handOff(a.advert().vrid(), s -> s.onDecoded(a));
        } else {
            unclaimed.drop(((DecodeResult.Dropped) r).reason());
        }
    }

    /** Gives a decoded advert to every instance running its VRID; counts it when none does. */
    private void handOff(int vrid, java.util.function.Consumer<Subscriber> deliver) {
        boolean claimed = false;
        for (Subscriber s : subscribers) {
            if (s.vrid() == vrid) {
                claimed = true;
                deliver.accept(s);
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
