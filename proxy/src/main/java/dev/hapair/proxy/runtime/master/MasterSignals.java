package dev.hapair.proxy.runtime.master;

import java.util.Optional;

/** What the master does with a signal it receives, and with what status it exits once the worker is gone. */
public final class MasterSignals {
    private MasterSignals() {}

    /** The master's reaction to one signal. */
    public enum Action {
        /** SIGUSR2/SIGHUP: the worker reloads its configuration in place (SIGUSR2 to it). */
        RELOAD(12),
        /** SIGUSR1: the worker stops accepting and finishes its connections; the master exits after it. */
        SOFT_STOP(10),
        /** SIGTERM/SIGINT: the worker stops at once; the master exits after it. */
        HARD_STOP(15);

        private final int workerSignal;

        Action(int workerSignal) {
            this.workerSignal = workerSignal;
        }

        /** The signal number sent to the worker. */
        public int workerSignal() {
            return workerSignal;
        }

        public boolean stops() {
            return this != RELOAD;
        }
    }

    /** The action for a signal name as {@code sun.misc.Signal} spells it (USR2, HUP, USR1, TERM, INT). */
    public static Optional<Action> forSignal(String name) {
        return switch (name) {
            case "USR2", "HUP" -> Optional.of(Action.RELOAD);
            case "USR1" -> Optional.of(Action.SOFT_STOP);
            case "TERM", "INT" -> Optional.of(Action.HARD_STOP);
            default -> Optional.empty();
        };
    }

    /**
     * The master's exit status once the worker exited with {@code workerStatus}: the worker's status after a
     * stop the master asked for; otherwise the worker died on its own and the master fails (non-zero even when
     * the worker said 0), so systemd's {@code Restart=on-failure} starts the service again.
     */
    public static int masterExitStatus(boolean stopRequested, int workerStatus) {
        if (stopRequested) return workerStatus;
        return workerStatus == 0 ? 1 : workerStatus;
    }
}
