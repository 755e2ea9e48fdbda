package dev.hapair.common.process;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Undoes inherited "ignore" dispositions of the stop signals. A JVM installs no handler for a HUP, INT or TERM
 * it started with ignored (nohup semantics), so {@code sun.misc.Signal.handle} silently does nothing for them.
 * A daemon started as a background job of a non-interactive shell starts with SIGINT ignored and then could
 * not be stopped with SIGINT, unlike HAProxy and keepalived. Both daemons call this before installing their
 * handlers.
 */
public final class SignalDispositions {
    /** Signal numbers on Linux. */
    public static final int SIGHUP = 1;

    public static final int SIGINT = 2;
    public static final int SIGTERM = 15;

    private static final Pattern SIG_IGN_LINE = Pattern.compile("(?m)^SigIgn:\\s*([0-9a-fA-F]+)$");

    interface LibC extends Library {
        Pointer signal(int sig, Pointer handler);
    }

    private SignalDispositions() {}

    /**
     * Whether {@code sig} is set in a {@code /proc/PID/status} text's {@code SigIgn:} mask (bit sig-1). Pure, so
     * the parsing is tested without starting processes.
     */
    static boolean ignoredIn(String procStatus, int sig) {
        Matcher m = SIG_IGN_LINE.matcher(procStatus);
        return m.find() && new BigInteger(m.group(1), 16).testBit(sig - 1);
    }

    /**
     * Gives each of {@code signals} its default disposition (SIG_DFL) when the process started with it ignored;
     * returns how many it changed. Not Linux or no libc: nothing changes and the JVM's behaviour stays.
     */
    public static int unignore(int... signals) {
        String status;
        try {
            status = Files.readString(Path.of("/proc/self/status"));
        } catch (IOException | RuntimeException e) {
            return 0;
        }
        int changed = 0;
        for (int sig : signals) {
            if (!ignoredIn(status, sig)) continue;
            try {
                Native.load("c", LibC.class).signal(sig, Pointer.NULL); // SIG_DFL is 0
                changed++;
            } catch (RuntimeException | LinkageError e) {
                return changed;
            }
        }
        return changed;
    }
}
