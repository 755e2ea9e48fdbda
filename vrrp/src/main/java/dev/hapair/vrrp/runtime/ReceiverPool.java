package dev.hapair.vrrp.runtime;

import dev.hapair.vrrp.os.NativeException;
import dev.hapair.vrrp.os.NetworkOs;
import dev.hapair.vrrp.packet.VrrpCodec;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The advert sockets, one per (interface, multicast/unicast, source) shared by every instance that uses it:
 * opened by the first instance that needs it, closed when the last one leaves. Used on the daemon loop only.
 */
final class ReceiverPool {
    private final NetworkOs os;
    private final VrrpCodec codec;
    private final Map<String, AdvertReceiver> receivers = new LinkedHashMap<>();

    ReceiverPool(NetworkOs os, VrrpCodec codec) {
        this.os = os;
        this.codec = codec;
    }

    /** The receiver for the plan's socket, opened now when no running instance uses it yet. */
    AdvertReceiver acquire(InstancePlan plan) throws NativeException {
        String key = AdvertReceiver.key(plan.interfaceName(), plan.source(), plan.unicast());
        AdvertReceiver receiver = receivers.get(key);
        if (receiver == null) {
            receiver = AdvertReceiver.open(os, plan.interfaceName(), plan.source(), plan.unicast(), codec);
            receivers.put(key, receiver);
        }
        return receiver;
    }

    /** Unsubscribes the runner; the socket closes when it was the last user. */
    void release(InstanceRunner runner) {
        AdvertReceiver rx = runner.receiver();
        if (rx.unsubscribe(runner)) {
            receivers.remove(rx.key());
            rx.close();
        }
    }

    Collection<AdvertReceiver> all() {
        return Collections.unmodifiableCollection(receivers.values());
    }
}
