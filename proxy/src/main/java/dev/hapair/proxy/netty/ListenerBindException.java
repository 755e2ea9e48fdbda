package dev.hapair.proxy.netty;

import java.net.InetSocketAddress;
import java.net.SocketAddress;

/**
 * A listening socket could not be opened: which address and which frontend, so the operator reads
 * {@code Starting frontend www: cannot bind socket (Address already in use) [0.0.0.0:80]} as HAProxy words it,
 * not a bare errno.
 */
public final class ListenerBindException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient SocketAddress address;
    private final String frontend;

    ListenerBindException(SocketAddress address, String frontend, Throwable cause) {
        super("cannot bind socket (" + reason(cause) + ") [" + hostPort(address) + "]", cause);
        this.address = address;
        this.frontend = frontend;
    }

    public SocketAddress address() {
        return address;
    }

    public String frontend() {
        return frontend;
    }

    /** The kernel's reason without Netty's wrapping: "Address already in use", "Permission denied", ... */
    static String reason(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) t = t.getCause();
        String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        int colon = m.lastIndexOf("): ");
        if (m.startsWith("bind(..) failed") && colon < 0) colon = m.lastIndexOf(": ") - 1;
        return colon >= 0 ? m.substring(colon + 3) : m;
    }

    static String hostPort(SocketAddress any) {
        if (!(any instanceof InetSocketAddress a)) return String.valueOf(any);
        String host = a.getAddress() != null ? a.getAddress().getHostAddress() : a.getHostString();
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + a.getPort();
    }
}
