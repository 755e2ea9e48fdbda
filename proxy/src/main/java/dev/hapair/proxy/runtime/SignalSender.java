package dev.hapair.proxy.runtime;

import com.sun.jna.Library;
import com.sun.jna.Native;

/** Sends a signal to another process ({@code -sf}/{@code -st}); the JDK can only destroy its own children. */
public final class SignalSender {
    interface LibC extends Library {
        int kill(int pid, int sig);
    }

    /** HAProxy semantics: SIGUSR1 soft-stops (finish connections), SIGTERM stops at once. */
    public static final int SIGUSR1 = 10;

    public static final int SIGTERM = 15;
    /** Reload (HAProxy's SIGUSR2); the master of {@code -W} forwards it to its worker. */
    public static final int SIGUSR2 = 12;

    private SignalSender() {}

    /** True when the signal was delivered. */
    public static boolean send(int pid, int signal) {
        try {
            return Native.load("c", LibC.class).kill(pid, signal) == 0;
        } catch (LinkageError | RuntimeException e) {
            return false;
        }
    }
}
