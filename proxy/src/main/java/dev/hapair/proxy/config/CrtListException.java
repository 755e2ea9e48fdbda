package dev.hapair.proxy.config;

/** A crt-list file or line that cannot be used; the message names the file and line. */
public final class CrtListException extends Exception {
    public CrtListException(String message) {
        super(message);
    }
}
