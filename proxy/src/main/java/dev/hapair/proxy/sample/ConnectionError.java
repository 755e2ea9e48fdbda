package dev.hapair.proxy.sample;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Why a client connection failed before a stream could start (a TLS handshake that failed, timed out or was cut):
 * HAProxy 2.6's connection error code ({@code fc_err}, with {@code fc_err_str}'s message) and the TLS library's
 * error ({@code ssl_fc_err} / {@code ssl_fc_err_str}: the packed code and text of the library's error queue, as
 * {@code openssl errstr} decodes it; 0 and no text when the library reported none).
 */
public record ConnectionError(int code, long sslCode, String sslText) {

    /** HAProxy 2.6's messages by code (configuration manual, {@code fc_err_str}). */
    private static final List<String> MESSAGES = List.of(
            "Success",
            "Reached configured maxconn value",
            "Too many sockets on the process",
            "Too many sockets on the system",
            "Out of system buffers",
            "Protocol or address family not supported",
            "General socket error",
            "Source port range exhausted",
            "Can't bind to source address",
            "Out of local source ports on the system",
            "Local source address already in use",
            "Connection closed while waiting for PROXY protocol header",
            "Connection error while waiting for PROXY protocol header",
            "Timeout while waiting for PROXY protocol header",
            "Truncated PROXY protocol header received",
            "Received something which does not look like a PROXY protocol header",
            "Received an invalid PROXY protocol header",
            "Received an unhandled protocol in the PROXY protocol header",
            "Connection closed while waiting for NetScaler Client IP header",
            "Connection error while waiting for NetScaler Client IP header",
            "Timeout while waiting for a NetScaler Client IP header",
            "Truncated NetScaler Client IP header received",
            "Received an invalid NetScaler Client IP magic number",
            "Received an unhandled protocol in the NetScaler Client IP header",
            "Connection closed during SSL handshake",
            "Connection error during SSL handshake",
            "Timeout during SSL handshake",
            "Too many SSL connections",
            "Out of memory when initializing an SSL connection",
            "Rejected a client-initiated SSL renegotiation attempt",
            "SSL client CA chain cannot be verified",
            "SSL client certificate not trusted",
            "Server presented an SSL certificate different from the configured one",
            "Server presented an SSL certificate different from the expected one",
            "SSL handshake failure",
            "SSL handshake failure after heartbeat",
            "Stopped a TLSv1 heartbeat attack (CVE-2014-0160)",
            "Attempt to use SSL on an unknown target (internal error)",
            "Server refused early data",
            "SOCKS4 Proxy write error during handshake",
            "SOCKS4 Proxy read error during handshake",
            "SOCKS4 Proxy deny the request",
            "SOCKS4 Proxy handshake aborted by server",
            "SSL fatal error");

    public static final int SSL_EMPTY = 24;
    public static final int SSL_ABORT = 25;
    public static final int SSL_TIMEOUT = 26;
    public static final int SSL_CA_FAIL = 30;
    public static final int SSL_CRT_FAIL = 31;
    public static final int SSL_HANDSHAKE = 34;

    /** {@code fc_err_str} of {@code code}; null for a code HAProxy does not define. */
    public static String message(int code) {
        return code >= 0 && code < MESSAGES.size() ? MESSAGES.get(code) : null;
    }

    /** The error queue entry OpenSSL and BoringSSL print: {@code error:<hex code>:<library>:<function>:<reason>}. */
    private static final Pattern LIBRARY_ERROR = Pattern.compile("error:([0-9A-Fa-f]{1,8}):[^:\\n]*:[^:\\n]*:[^:\\n]*");

    /**
     * The connection error of a failed handshake, from the exception the TLS stack reported. A refused client
     * certificate is 30 (a CA of its chain failed) or 31 (the certificate itself), as HAProxy's verify callback
     * sets them; {@code refusedCa} tells which from an exception of the chain (null: not a refusal).
     */
    public static ConnectionError ofHandshake(
            Throwable failure, java.util.function.Function<Throwable, Boolean> refusedCa) {
        Boolean clientCertCa = null;
        long sslCode = 0;
        String sslText = null;
        boolean timeout = false;
        boolean closed = false;
        for (Throwable t = failure; t != null; t = t.getCause()) {
            String m = t.getMessage();
            if (sslText == null && m != null) {
                Matcher x = LIBRARY_ERROR.matcher(m);
                if (x.find()) {
                    sslCode = Long.parseLong(x.group(1), 16);
                    sslText = x.group();
                }
            }
            if (clientCertCa == null) {
                clientCertCa = refusedCa.apply(t);
            }
            String type = t.getClass().getSimpleName();
            timeout |= type.equals("SslHandshakeTimeoutException");
            closed |= t instanceof java.nio.channels.ClosedChannelException
                    || (m != null && m.contains("closed") && type.equals("SSLException"));
            if (t.getCause() == t) {
                break;
            }
        }
        int code;
        if (timeout) {
            code = SSL_TIMEOUT;
        } else if (clientCertCa != null) {
            code = clientCertCa ? SSL_CA_FAIL : SSL_CRT_FAIL;
        } else if (closed && sslText == null) {
            code = SSL_EMPTY;
        } else if (failure instanceof java.io.IOException && !(failure instanceof javax.net.ssl.SSLException)) {
            code = SSL_ABORT;
        } else {
            code = SSL_HANDSHAKE;
        }
        return new ConnectionError(code, sslCode, sslText);
    }
}
