package dev.hapair.proxy.tls;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The servers that send a client certificate ({@code server ... ssl crt FILE}), for the certificate store: as
 * in HAProxy 2.6 such files are entries of the same store as the binds' certificates, so {@code show ssl cert}
 * lists them and {@code set/commit ssl cert} replaces them for new server connections. Servers come and go at
 * run time ({@code add server}, {@code del server}), hence a concurrent list; the store's lock orders commits.
 */
public final class ServerCertificates {

    private final List<ClientTlsHolder> holders = new CopyOnWriteArrayList<>();

    private final Map<String, CertifiedKey> initial = new java.util.LinkedHashMap<>();

    /** Registers {@code h} if its TLS sends a certificate (otherwise there is nothing to replace). */
    public void register(ClientTlsHolder h) {
        ClientTls t = h.tls() != null ? h.tls() : h.checkTls();
        if (t != null) {
            register(h, t);
        }
    }

    /**
     * Registers {@code h}, a server kept across a reload, whose new TLS {@code next} (read from the files
     * again) is installed when the new configuration takes over: the store starts from {@code next}'s
     * certificate.
     */
    public synchronized void register(ClientTlsHolder h, ClientTls next) {
        if (next.certificate() != null && !holders.contains(h)) {
            initial.putIfAbsent(next.certificatePath(), next.certificate());
            holders.add(h);
        }
    }

    /** The server left its backend ({@code del server}): its certificate is no longer used by it. */
    public void unregister(ClientTlsHolder h) {
        holders.remove(h);
    }

    /** Every certificate the registered servers send, by file name, as the configuration read them. */
    synchronized Map<String, CertifiedKey> certificates() {
        return new java.util.LinkedHashMap<>(initial);
    }

    boolean uses(String path) {
        return holders.stream().anyMatch(h -> path.equals(path(h)));
    }

    /**
     * Builds the TLS context of every server sending {@code path} around {@code k}; nothing is installed until
     * the returned actions run, so a failure (thrown) changes nothing.
     */
    List<Runnable> prepareReplace(String path, CertifiedKey k) throws TlsException {
        List<Runnable> installs = new ArrayList<>();
        Set<ClientTls> done = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
        for (ClientTlsHolder h : holders) {
            // traffic and checks share one ClientTls when both use TLS: rebuilt once
            for (ClientTls t : new ClientTls[] {h.tls(), h.checkTls()}) {
                if (t != null && path.equals(t.certificatePath()) && done.add(t)) {
                    installs.add(t.prepareCertificate(k));
                }
            }
        }
        return installs;
    }

    private static String path(ClientTlsHolder h) {
        ClientTls t = h.tls() != null ? h.tls() : h.checkTls();
        return t == null ? null : t.certificatePath();
    }
}
