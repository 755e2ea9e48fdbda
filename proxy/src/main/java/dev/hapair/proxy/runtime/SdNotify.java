package dev.hapair.proxy.runtime;

import com.sun.jna.Library;
import com.sun.jna.Native;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * systemd's {@code Type=notify} protocol: one datagram per state change ({@code READY=1},
 * {@code RELOADING=1}, {@code STOPPING=1}, {@code MAINPID=N}) to the unix datagram socket named by
 * {@code $NOTIFY_SOCKET}; a name starting with {@code @} is in the abstract namespace. Without the
 * variable every call is a no-op, as with {@code sd_notify(3)}.
 */
public final class SdNotify {
    /** Only the libc calls needed here; JNA because the JDK cannot send unix datagrams. */
    interface LibC extends Library {
        int socket(int domain, int type, int protocol);

        long sendto(int fd, byte[] buf, long len, int flags, byte[] addr, int addrlen);

        int close(int fd);
    }

    private static final int AF_UNIX = 1;
    private static final int SOCK_DGRAM = 2;
    private static final int SOCK_CLOEXEC = 0x80000;

    private final String socketName;

    public SdNotify(String socketName) {
        this.socketName = socketName == null || socketName.isEmpty() ? null : socketName;
    }

    /** From the environment ({@code NOTIFY_SOCKET}). */
    public static SdNotify fromEnvironment() {
        return fromEnvironment(System.getenv());
    }

    static SdNotify fromEnvironment(Map<String, String> env) {
        return new SdNotify(env.get("NOTIFY_SOCKET"));
    }

    public boolean enabled() { return socketName != null; }

    public void ready() { send("READY=1\nSTATUS=Ready."); }

    /** Before re-reading the configuration; systemd's notify-reload also wants the monotonic time. */
    public void reloading() {
        send("RELOADING=1\nMONOTONIC_USEC=" + System.nanoTime() / 1000 + "\nSTATUS=Reloading configuration.");
    }

    public void stopping() { send("STOPPING=1\nSTATUS=Stopping."); }

    /** After a binary upgrade the new process tells systemd it is the main process now. */
    public void mainPid(long pid) { send("MAINPID=" + pid); }

    /** Sends {@code state}; false (never an exception) when it could not be delivered. */
    public boolean send(String state) {
        if (socketName == null) return false;
        try {
            LibC c = Native.load("c", LibC.class);
            int fd = c.socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
            if (fd < 0) return false;
            try {
                byte[] addr = sockaddr(socketName);
                byte[] msg = state.getBytes(StandardCharsets.UTF_8);
                return c.sendto(fd, msg, msg.length, 0, addr, addr.length) == msg.length;
            } finally {
                c.close(fd);
            }
        } catch (LinkageError | RuntimeException e) {
            return false; // systemd then sees no READY and reports the start as timed out: visible enough
        }
    }

    /** {@code struct sockaddr_un}: family, then the path (NUL-terminated) or {@code \0}+name (abstract). */
    static byte[] sockaddr(String name) {
        byte[] path = name.getBytes(StandardCharsets.UTF_8);
        boolean abstractName = path.length > 0 && path[0] == '@';
        int len = 2 + path.length + (abstractName ? 0 : 1);
        if (len > 110) throw new IllegalArgumentException("NOTIFY_SOCKET path too long: " + name);
        byte[] out = new byte[len];
        out[0] = (byte) AF_UNIX; // sa_family_t is host order: little endian on the platforms we build
        out[1] = 0;
        System.arraycopy(path, 0, out, 2, path.length);
        if (abstractName) out[2] = 0;
        return out;
    }
}
