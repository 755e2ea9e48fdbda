package dev.hapair.proxy.sample;

import java.net.InetSocketAddress;

/**
 * A connection's source address as the {@code src} sample, made once for all its requests rather than on each
 * ({@code add-header X-Client %[src]} then formats it once too: {@link Sample} keeps its text). Made again when
 * the address changes ({@code set-src}). Belongs to one connection, confined to its event loop.
 */
public final class SourceSample {
    private InetSocketAddress of;
    private Sample sample;

    /** The sample of {@code a} (null when {@code a} is null or has no address). */
    public Sample of(InetSocketAddress a) {
        if (a != of) {
            sample = a == null || a.getAddress() == null ? null : Sample.addr(a.getAddress());
            of = a;
        }
        return sample;
    }
}
