package dev.hapair.health;

/** What one check result did to the UP/DOWN state. */
public enum Transition {
    /** State unchanged (the health counter may still have moved). */
    NONE,
    /** DOWN -> UP: {@code rise} consecutive successes reached. */
    UP,
    /** UP -> DOWN: {@code fall} consecutive failures reached. */
    DOWN
}
