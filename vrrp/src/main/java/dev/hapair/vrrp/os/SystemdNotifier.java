package dev.hapair.vrrp.os;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * sd_notify(3) without libsystemd: one datagram to the AF_UNIX socket named by {@code NOTIFY_SOCKET}, so
 * a unit with {@code Type=notify} learns when the daemon is ready. Java's own channels cannot send
 * AF_UNIX datagrams, hence JNA. Without NOTIFY_SOCKET (not started by systemd) every call does nothing.
 */
public final class SystemdNotifier {
    private final Optional<String> socketPath;

    private SystemdNotifier(Optional<String> socketPath) {
        this.socketPath = socketPath;
    }

    /** The notifier systemd asked for through the environment, or a disabled one. */
    public static SystemdNotifier fromEnvironment() {
        return forSocket(System.getenv("NOTIFY_SOCKET"));
    }

    /** A notifier for this socket path ('@' = abstract namespace); null or empty disables it. */
    public static SystemdNotifier forSocket(String path) {
        return new SystemdNotifier(Optional.ofNullable(path).filter(p -> !p.isEmpty()));
    }

    public boolean enabled() {
        return socketPath.isPresent();
    }

    /** {@code READY=1}: start-up finished (sockets open, VIP state reconciled). */
    public void ready() throws NativeException {
        send("READY=1");
    }

    /** {@code STOPPING=1}: shutdown began. */
    public void stopping() throws NativeException {
        send("STOPPING=1");
    }

    /** {@code RELOADING=1}: a SIGHUP reload began; send {@link #ready()} when done. */
    public void reloading() throws NativeException {
        send("RELOADING=1");
    }

    /** {@code STATUS=...}: one line shown by {@code systemctl status}. */
    public void status(String text) throws NativeException {
        send("STATUS=" + text.replace('\n', ' '));
    }

    /** Sends newline-separated assignments as one datagram; a no-op when disabled. */
    public void send(String state) throws NativeException {
        if (socketPath.isEmpty()) {
            return;
        }
        String path = socketPath.get();
        int fd = Syscalls.socket(Linux.AF_UNIX, Linux.SOCK_DGRAM, 0, "socket(AF_UNIX, SOCK_DGRAM)", null);
        try {
            Syscalls.sendto(fd, state.getBytes(StandardCharsets.UTF_8), SockAddrs.sockaddrUn(path),
                    "notify systemd at " + path, null);
        } finally {
            Syscalls.close(fd);
        }
    }
}
