package dev.hapair.proxy.h2;

import dev.hapair.proxy.h1.MessageHead;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Locale;

/**
 * The RFC 6455 handshake fields HAProxy checks when a websocket upgrade crosses it: an HTTP/1.1 upgrade
 * request needs {@code Sec-WebSocket-Key} (else 400), a 101 answering it needs the matching
 * {@code Sec-WebSocket-Accept} (else 502); an HTTP/2 extended CONNECT (RFC 8441), which has no key, gets one
 * generated when it becomes an HTTP/1.1 upgrade, and a 101 synthesized from an HTTP/2 server's 200 gets the
 * accept value of the client's key.
 */
public final class WebSocketHandshake {
    private WebSocketHandshake() {}

    private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
    private static final SecureRandom RANDOM = new SecureRandom();

    /** {@code Connection: upgrade} with {@code Upgrade: websocket}. */
    public static boolean isUpgrade(MessageHead h) {
        if (!h.upgradeRequested()) return false;
        for (String v : h.headers("upgrade")) {
            for (String t : v.split(",")) {
                if (t.strip().toLowerCase(Locale.ROOT).startsWith("websocket")) return true;
            }
        }
        return false;
    }

    /** The {@code Sec-WebSocket-Accept} value that answers {@code key}. */
    public static String accept(String key) {
        try {
            MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
            byte[] d = sha1.digest((key.strip() + GUID).getBytes(StandardCharsets.ISO_8859_1));
            return Base64.getEncoder().encodeToString(d);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is a required JDK algorithm", e);
        }
    }

    /** A fresh key: 16 random bytes, base64. */
    public static String newKey() {
        byte[] b = new byte[16];
        RANDOM.nextBytes(b);
        return Base64.getEncoder().encodeToString(b);
    }

    /** Whether a 101 answering {@code request} carries the right accept value (true when no key was sent). */
    public static boolean accepted(MessageHead request, MessageHead response) {
        String key = request.header("sec-websocket-key");
        if (key == null) return true;
        String got = response.header("sec-websocket-accept");
        return got != null && got.strip().equals(accept(key));
    }
}
