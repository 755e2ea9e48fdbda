package dev.hapair.common.process;

import dev.hapair.common.net.UnixDatagramSocket;
import java.io.IOException;
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
        byte[] msg = state.getBytes(StandardCharsets.UTF_8);
        try (UnixDatagramSocket socket = UnixDatagramSocket.open()) {
            socket.send(sockaddr(socketName), msg, msg.length);
            return true;
        } catch (IOException | IllegalArgumentException e) {
            LOG.warn("sd_notify {} to {} failed: {}", firstLine(state), socketName, e.getMessage());
            return false;
        } catch (LinkageError e) {
            LOG.warn("sd_notify {} failed: {}", firstLine(state), e.toString());
            return false;
        }
    }

    private static String firstLine(String state) {
        int nl = state.indexOf('\n');
        return nl < 0 ? state : state.substring(0, nl);
    }

    /** {@code struct sockaddr_un} of the notification socket ({@code @name}: abstract namespace). */
    static byte[] sockaddr(String name) {
        return UnixDatagramSocket.address(name);
    }
}
