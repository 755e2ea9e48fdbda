package dev.hapair.common.process;

import com.sun.jna.Library;
import com.sun.jna.Native;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * systemd's {@code Type=notify} protocol for both daemons: one datagram per state change ({@code READY=1},
 * {@code RELOADING=1} with {@code MONOTONIC_USEC} as {@code Type=notify-reload} wants, {@code STOPPING=1},
 * {@code MAINPID=N}) to the unix datagram socket named by {@code $NOTIFY_SOCKET}; a name starting with
 * {@code @} is in the abstract namespace. Without the variable every call is a no-op, as with
 * {@code sd_notify(3)}. Failures are logged, never thrown: systemd then sees no READY and reports the start
 * as timed out, which is visible enough.
 */
public final class SdNotify {
    private static final Logger LOG = LoggerFactory.getLogger(SdNotify.class);

    /** Only the libc calls needed here; JNA because the JDK cannot send unix datagrams. */
    interface LibC extends Library {
        int socket(int domain, int type, int protocol);

        long sendto(int fd, byte[] buf, long len, int flags, byte[] addr, int addrlen);

        int close(int fd);
    }

    static final int AF_UNIX = 1;
    static final int SOCK_DGRAM = 2;
    static final int SOCK_CLOEXEC = 0x80000;
    /** sizeof(sun_path) on Linux. */
    static final int SUN_PATH_MAX = 108;

    private final String socketName;

    /** {@code socketName} null or empty: disabled. */
    public SdNotify(String socketName) {
        this.socketName = socketName == null || socketName.isEmpty() ? null : socketName;
    }

    /** From the environment ({@code NOTIFY_SOCKET}). */
    public static SdNotify fromEnvironment() {
        return fromEnvironment(System.getenv());
    }

    public static SdNotify fromEnvironment(Map<String, String> env) {
        return new SdNotify(env.get("NOTIFY_SOCKET"));
    }

    public boolean enabled() {
        return socketName != null;
    }

    public void ready() {
        send("READY=1\nSTATUS=Ready.");
    }

    /** Before re-reading the configuration; systemd's notify-reload also wants the monotonic time. */
    public void reloading() {
        send("RELOADING=1\nMONOTONIC_USEC=" + System.nanoTime() / 1000 + "\nSTATUS=Reloading configuration.");
    }

    public void stopping() {
        send("STOPPING=1\nSTATUS=Stopping.");
    }

    /** After a binary upgrade the new process tells systemd it is the main process now. */
    public void mainPid(long pid) {
        send("MAINPID=" + pid);
    }

    /** Sends {@code state}; false (never an exception) when it could not be delivered. */
    public boolean send(String state) {
        if (socketName == null) {
            return false;
        }
        try {
            LibC c = Native.load("c", LibC.class);
            byte[] addr = sockaddr(socketName);
            int fd = c.socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
            if (fd < 0) {
                LOG.warn("sd_notify: socket failed, errno {}", Native.getLastError());
                return false;
            }
            try {
                byte[] msg = state.getBytes(StandardCharsets.UTF_8);
                long n = c.sendto(fd, msg, msg.length, 0, addr, addr.length);
                if (n != msg.length) {
                    LOG.warn(
                            "sd_notify {} to {} failed, errno {}", firstLine(state), socketName, Native.getLastError());
                    return false;
                }
                return true;
            } finally {
                c.close(fd);
            }
        } catch (LinkageError | RuntimeException e) {
            LOG.warn("sd_notify {} failed: {}", firstLine(state), e.toString());
            return false;
        }
    }

    private static String firstLine(String state) {
        int nl = state.indexOf('\n');
        return nl < 0 ? state : state.substring(0, nl);
    }

    /**
     * {@code struct sockaddr_un} for {@code name}: family (host order, little endian on the platforms we
     * build), then the path; an abstract name ('@' prefix) becomes a leading NUL and the length covers exactly
     * its bytes, a path gets its terminating NUL.
     */
    static byte[] sockaddr(String name) {
        byte[] path = name.getBytes(StandardCharsets.UTF_8);
        boolean abstractName = name.startsWith("@");
        if (path.length > SUN_PATH_MAX - (abstractName ? 0 : 1)) {
            throw new IllegalArgumentException("NOTIFY_SOCKET too long: " + name);
        }
        byte[] b = new byte[2 + path.length + (abstractName ? 0 : 1)];
        b[0] = (byte) AF_UNIX;
        System.arraycopy(path, 0, b, 2, path.length);
        if (abstractName) {
            b[2] = 0;
        }
        return b;
    }
}
