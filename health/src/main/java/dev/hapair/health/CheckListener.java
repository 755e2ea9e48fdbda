package dev.hapair.health;

/** Receives every completed check run of a {@link CheckScheduler}, on the scheduler's thread. */
@FunctionalInterface
public interface CheckListener {

    /** Called after each run; {@code event.transition()} says whether it changed UP/DOWN. Must not block. */
    void onCheck(CheckEvent event);
}
