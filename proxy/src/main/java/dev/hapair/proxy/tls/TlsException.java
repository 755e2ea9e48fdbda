package dev.hapair.proxy.tls;

/** A TLS setting or certificate file that cannot be used; the message names the file and the reason. */
public final class TlsException extends Exception {
    public TlsException(String message) {
        super(message);
    }

    public TlsException(String message, Throwable cause) {
        super(message, cause);
    }
}
