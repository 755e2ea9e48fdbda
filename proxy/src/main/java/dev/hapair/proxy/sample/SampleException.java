package dev.hapair.proxy.sample;

/** A sample expression that does not compile; the message names the fetch, converter or argument. */
public final class SampleException extends Exception {
    public SampleException(String message) {
        super(message);
    }
}
