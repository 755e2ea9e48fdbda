package dev.hapair.proxy.tls;

import io.netty.handler.ssl.util.SimpleKeyManagerFactory;
import java.net.Socket;
import java.security.KeyStore;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.KeyManager;
import javax.net.ssl.ManagerFactoryParameters;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * One key and the certificates of its PEM file, sent as they are in the file (leaf first). Netty's
 * {@code forServer(key, chain)} stores them in a JDK key store, which refuses a file whose extra certificates
 * do not chain (each issuer the next one's subject); HAProxy, like OpenSSL, sends such extra certificates
 * unchanged, and so does this key manager.
 */
final class ChainKeyManagerFactory extends SimpleKeyManagerFactory {
    /** The one alias: every key type and issuer gets the one chain. */
    static final String ALIAS = "hapair";

    private final javax.net.ssl.X509ExtendedKeyManager manager;

    ChainKeyManagerFactory(PrivateKey key, List<X509Certificate> chain) {
        X509Certificate[] certs = chain.toArray(X509Certificate[]::new);
        this.manager = new X509ExtendedKeyManager() {
            @Override
            public String[] getClientAliases(String keyType, Principal[] issuers) {
                return new String[] {ALIAS};
            }

            @Override
            public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
                return ALIAS;
            }

            @Override
            public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
                return ALIAS;
            }

            // Netty asks once per key type its cipher list allows; the TLS library then picks a cipher the one
            // key can serve (or fails the handshake), as OpenSSL does with HAProxy's single key per context
            @Override
            public String[] getServerAliases(String keyType, Principal[] issuers) {
                return new String[] {ALIAS};
            }

            @Override
            public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
                return ALIAS;
            }

            @Override
            public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
                return ALIAS;
            }

            @Override
            public X509Certificate[] getCertificateChain(String alias) {
                return ALIAS.equals(alias) ? certs.clone() : null;
            }

            @Override
            public PrivateKey getPrivateKey(String alias) {
                return ALIAS.equals(alias) ? key : null;
            }
        };
    }

    /** The key manager itself (its answer does not depend on the connection: {@link #ALIAS}'s chain). */
    javax.net.ssl.X509KeyManager manager() {
        return manager;
    }

    @Override
    protected void engineInit(KeyStore keyStore, char[] password) {}

    @Override
    protected void engineInit(ManagerFactoryParameters params) {}

    @Override
    protected KeyManager[] engineGetKeyManagers() {
        return new KeyManager[] {manager};
    }
}
