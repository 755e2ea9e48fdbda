package dev.hapair.proxy.stats;

import dev.hapair.proxy.config.StatsLevel;
import java.util.List;

/**
 * A runtime API command added from outside this package (the reload helper registers the
 * {@code _getsocks} listener handover this way, on sockets with {@code expose-fd listeners}).
 *
 * @see RuntimeApi#register
 */
public interface CliCommand {
    /** Level needed to run it. */
    StatsLevel level();

    /** One line for {@code help}, e.g. {@code "  _getsocks : pass the listening sockets"}; null hides it. */
    String help();

    /** Runs it; {@code words} is the whole command split on blanks. Returns the output. */
    String run(List<String> words, CliSession session);

    /** A command from its level, help line and body. */
    static CliCommand of(
            StatsLevel level, String help, java.util.function.BiFunction<List<String>, CliSession, String> run) {
        return new CliCommand() {
            @Override
            public StatsLevel level() {
                return level;
            }

            @Override
            public String help() {
                return help;
            }

            @Override
            public String run(List<String> words, CliSession session) {
                return run.apply(words, session);
            }
        };
    }
}
