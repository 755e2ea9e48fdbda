package dev.hapair.proxy.config;

import java.util.Optional;

/** TLS protocol versions as HAProxy names them ({@code ssl-min-ver TLSv1.2}). */
public enum TlsVersion {
    SSLV3("SSLv3", ""),
    TLSV10("TLSv1.0", ""),
    TLSV11("TLSv1.1", ""),
    TLSV12("TLSv1.2", "TLSv1.2"),
    TLSV13("TLSv1.3", "TLSv1.3");

    private final String haproxyName;
    private final String jdkName;

    TlsVersion(String haproxyName, String jdkName) {
        this.haproxyName = haproxyName;
        this.jdkName = jdkName;
    }

    /** The name in haproxy.cfg. */
    public String haproxyName() {
        return haproxyName;
    }

    /** The protocol name Netty and the JDK use; "" for versions hapair never offers. */
    public String protocolName() {
        return jdkName;
    }

    /** hapair offers nothing below TLS 1.2 (SSLv3, TLS 1.0 and 1.1 are broken or deprecated, RFC 8996). */
    public boolean offered() {
        return !jdkName.isEmpty();
    }

    public static Optional<TlsVersion> byName(String name) {
        for (TlsVersion v : values()) {
            if (v.haproxyName.equals(name)) {
                return Optional.of(v);
            }
        }
        return Optional.empty();
    }
}
