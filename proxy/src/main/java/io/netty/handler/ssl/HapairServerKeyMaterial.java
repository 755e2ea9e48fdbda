package io.netty.handler.ssl;

import io.netty.buffer.ByteBufAllocator;
import io.netty.internal.tcnative.SSLContext;
import java.lang.ref.Cleaner;
import java.lang.ref.Reference;
import java.util.concurrent.locks.Lock;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.X509KeyManager;

/**
 * The key material of a hapair server context whose certificate does not depend on the connection, given to each
 * engine when it is created instead of by Netty's certificate callback. Netty's server context asks its key
 * manager during every handshake (BoringSSL's certificate callback: the client's auth methods as a
 * {@code String[]} through JNI, a delegated task, then {@code SSL_set_chain_and_key}); hapair's key manager
 * answers every key type with the context's one chain (a new certificate always gets a new context), so the
 * answer is known before the ClientHello. The engine gets the same chain and key through the same
 * {@link ReferenceCountedOpenSslEngine#setKeyMaterial} (which also records the local certificate that the
 * {@code ssl_f_*} fetches read from the session), and the context's callback is removed.
 *
 * <p>In Netty's package for {@code setKeyMaterial} and the key material classes, which are package-private.
 */
public final class HapairServerKeyMaterial {
    private static final Cleaner CLEANER = Cleaner.create();

    private final OpenSslKeyMaterial material;

    private HapairServerKeyMaterial(OpenSslKeyMaterial material) {
        this.material = material;
    }

    /**
     * Takes over the key material of {@code context} (a server context of the OpenSSL provider built with a key
     * manager): reads {@code alias}'s chain and key once and removes the per-handshake certificate callback.
     * The native chain and key are freed once the returned object is unreachable (engines that were given them
     * hold native references of their own): whoever creates engines of {@code context} must keep it.
     */
    public static HapairServerKeyMaterial takeOver(SslContext context, X509KeyManager keys, String alias)
            throws SSLException {
        if (!(context instanceof ReferenceCountedOpenSslContext c) || c.isClient()) {
            throw new IllegalArgumentException("not an OpenSSL server context: " + context);
        }
        OpenSslKeyMaterialProvider provider = new OpenSslKeyMaterialProvider(keys, null);
        OpenSslKeyMaterial m;
        try {
            m = provider.chooseKeyMaterial(ByteBufAllocator.DEFAULT, alias);
        } catch (Exception e) {
            provider.destroy();
            if (e instanceof SSLException s) throw s;
            throw new SSLException("key material of '" + alias + "': " + e.getMessage(), e);
        }
        if (m == null) {
            provider.destroy();
            throw new SSLException("no certificate chain for '" + alias + "'");
        }
        Lock w = c.ctxLock.writeLock();
        w.lock();
        try {
            SSLContext.setCertificateCallback(c.ctx, null);
        } finally {
            w.unlock();
        }
        // bound to the object that applies the material, not to another one: an engine given the material
        // after that other one became unreachable (the JIT may drop a reference before its last use in source)
        // got freed chain and key. The provider keeps a reference of its own (its cache): both go together.
        HapairServerKeyMaterial out = new HapairServerKeyMaterial(m);
        CLEANER.register(out, () -> {
            m.release();
            provider.destroy();
        });
        return out;
    }

    /** Gives {@code engine} (new, of the context taken over) the context's chain and key before its handshake. */
    public void apply(SSLEngine engine) {
        boolean set;
        try {
            set = ((ReferenceCountedOpenSslEngine) engine).setKeyMaterial(material);
        } catch (Exception e) {
            throw new IllegalStateException("the key material could not be set on a new engine", e);
        } finally {
            // not freed while BoringSSL takes its references (SSL_set_chain_and_key)
            Reference.reachabilityFence(this);
        }
        if (!set) throw new IllegalStateException("a new engine was already freed");
    }
}
