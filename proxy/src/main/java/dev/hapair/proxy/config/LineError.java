package dev.hapair.proxy.config;

/**
 * Thrown by keyword handlers for a bad line; the parser turns it into an ALERT at the line's location
 * naming the line's keyword. Unchecked so handlers stay one-liners.
 */
final class LineError extends RuntimeException {
    LineError(String message) {
        super(message, null, false, false);
    }
}
