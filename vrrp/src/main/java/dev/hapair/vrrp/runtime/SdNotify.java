package dev.hapair.vrrp.runtime;

import com.sun.jna.Library;
import com.sun.jna.Native;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * systemd's {@code Type=notify} protocol: one datagram ({@code READY=1}, {@code RELOADING=1},
 * {@code STOPPING=1}) to the AF_UNIX socket named by {@code NOTIFY_SOCKET}; a name starting with '@' is in the
 * abstract namespace. Without {@code NOTIFY_SOCKET} every call does nothing.
 */
public final class SdNotify {
    private static final Logger LOG = LoggerFactory.getLogger(SdNotify.class);
    static final int AF_UNIX = 1;
    static final int SOCK_DGRAM = 2;
    static final int SOCK_CLOEXEC = 0x80000;
    /** sizeof(sun_path) on Linux. */
    static final int SUN_PATH_MAX = 108;

    interface C extends Library {
        int socket(int domain, int type, int protocol);

        long sendto(int fd, byte[] buf, long len, int flags, byte[] addr, int addrlen);

        int close(int fd);
    }

    private final Optional<String> socket;

    public SdNotify(Optional<String> socket) {
        this.socket = socket.filter(s -> !s.isEmpty());
    }

    public static SdNotify fromEnvironment() {
        return new SdNotify(Optional.ofNullable(System.getenv("NOTIFY_SOCKET")));
    }

    public boolean enabled() {
        return socket.isPresent();
    }

    /**
     * {@code struct sockaddr_un} for {@code name}: family (host order), then the path; an abstract name
     * ('@' prefix) becomes a leading NUL and the length covers exactly its bytes, a path gets its terminating NUL.
     */
    static byte[] sockaddrUn(String name) {
        byte[] path = name.getBytes(StandardCharsets.UTF_8);
        boolean abstractName = name.startsWith("@");
        if (path.length > SUN_PATH_MAX - (abstractName ? 0 : 1)) {
            throw new IllegalArgumentException("NOTIFY_SOCKET too long: " + name);
        }
        int len = 2 + path.length + (abstractName ? 0 : 1);
        byte[] b = new byte[len];
        b[0] = (byte) AF_UNIX; // little-endian sa_family_t
        System.arraycopy(path, 0, b, 2, path.length);
        if (abstractName) {
            b[2] = 0;
        }
        return b;
    }

    /** Sends {@code state} (e.g. {@code READY=1}); failures are logged, never thrown. */
    public boolean send(String state) {
        if (socket.isEmpty()) {
            return false;
        }
        try {
            C c = Native.load("c", C.class);
            byte[] addr = sockaddrUn(socket.get());
            int fd = c.socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
            if (fd < 0) {
                LOG.warn("sd_notify: socket failed, errno {}", Native.getLastError());
                return false;
            }
            try {
                byte[] msg = state.getBytes(StandardCharsets.UTF_8);
                long n = c.sendto(fd, msg, msg.length, 0, addr, addr.length);
                if (n < 0) {
                    LOG.warn("sd_notify {} to {} failed, errno {}", state, socket.get(), Native.getLastError());
                    return false;
                }
                return true;
            } finally {
                c.close(fd);
            }
        } catch (RuntimeException | UnsatisfiedLinkError e) {
            LOG.warn("sd_notify {} failed: {}", state, e.toString());
            return false;
        }
    }
}
