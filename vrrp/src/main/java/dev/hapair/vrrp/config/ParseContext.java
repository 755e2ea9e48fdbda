package dev.hapair.vrrp.config;

import dev.hapair.common.config.SourceLocation;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Collectors;

/**
 * Collects diagnostics while the keyword handlers run and offers the argument readers they share, so every
 * message has the same shape: {@code file:line: <what> in <section>}.
 */
final class ParseContext {
    private final List<Diagnostic> diagnostics;
    private final Deque<String> where = new ArrayDeque<>();

    ParseContext(List<Diagnostic> diagnostics) {
        this.diagnostics = diagnostics;
    }

    void enter(String section) {
        where.push(section);
    }

    void leave() {
        where.pop();
    }

    /** The section being read, e.g. {@code vrrp_instance VI_1}. */
    String where() {
        return where.isEmpty() ? "the top level" : where.peek();
    }

    void error(ConfigNode node, String message) {
        diagnostics.add(Diagnostic.error(node.location(), message));
    }

    void error(SourceLocation at, String message) {
        diagnostics.add(Diagnostic.error(at, message));
    }

    void warning(ConfigNode node, String message) {
        diagnostics.add(Diagnostic.warning(node.location(), message));
    }

    void warning(SourceLocation at, String message) {
        diagnostics.add(Diagnostic.warning(at, message));
    }

    /** False (with an error) when the statement carries a block it should not have. */
    boolean noBlock(ConfigNode node) {
        if (node.hasBlock()) {
            error(node, "'" + node.name() + "' in " + where() + " takes no { ... } block");
            return false;
        }
        return true;
    }

    /** False (with an error) when the statement has no block. */
    boolean requireBlock(ConfigNode node) {
        if (!node.hasBlock()) {
            error(node, "'" + node.name() + "' in " + where() + " needs a { ... } block");
            return false;
        }
        return true;
    }

    /** The single argument of a statement; an error when missing or followed by extra words (fail closed). */
    Optional<String> singleArg(ConfigNode node) {
        if (!noBlock(node)) {
            return Optional.empty();
        }
        if (node.args().isEmpty()) {
            error(node, "missing value for '" + node.name() + "' in " + where());
            return Optional.empty();
        }
        if (node.args().size() > 1) {
            error(
                    node,
                    "extra words after '" + node.name() + " " + node.arg(0) + "' in " + where()
                            + ": "
                            + node.args().subList(1, node.args().size()).stream()
                                    .map(Token::text)
                                    .collect(Collectors.joining(" ")));
            return Optional.empty();
        }
        return Optional.of(node.arg(0));
    }

    /**
     * A flag such as {@code nopreempt}: true when written alone; keepalived also accepts an optional
     * {@code <BOOL>} (on|off|true|false|yes|no) after some flags.
     */
    boolean flag(ConfigNode node) {
        noBlock(node);
        if (node.args().isEmpty()) {
            return true;
        }
        Optional<Boolean> b = bool(node.arg(0));
        if (b.isEmpty()) {
            error(
                    node,
                    "invalid value '" + node.arg(0) + "' for '" + node.name() + "' in " + where()
                            + " (expected nothing, or on|off|true|false|yes|no)");
            return false;
        }
        return b.get();
    }

    static Optional<Boolean> bool(String word) {
        return switch (word) {
            case "on", "true", "yes" -> Optional.of(Boolean.TRUE);
            case "off", "false", "no" -> Optional.of(Boolean.FALSE);
            default -> Optional.empty();
        };
    }

    OptionalInt intArg(ConfigNode node, int min, int max) {
        Optional<String> text = singleArg(node);
        return text.isEmpty() ? OptionalInt.empty() : intValue(node, node.name(), text.get(), min, max);
    }

    /** Parses {@code text} as the value of {@code what}; range errors read {@code priority 300 out of range 1..255}. */
    OptionalInt intValue(ConfigNode node, String what, String text, int min, int max) {
        long value;
        try {
            value = Long.parseLong(text);
        } catch (NumberFormatException e) {
            error(node, "invalid number '" + text + "' for '" + what + "' in " + where());
            return OptionalInt.empty();
        }
        if (value < min || value > max) {
            error(node, what + " " + text + " out of range " + min + ".." + max + " in " + where());
            return OptionalInt.empty();
        }
        return OptionalInt.of((int) value);
    }

    Optional<Duration> secondsArg(ConfigNode node, BigDecimal min, BigDecimal max) {
        Optional<String> text = singleArg(node);
        return text.isEmpty() ? Optional.empty() : secondsValue(node, node.name(), text.get(), min, max);
    }

    /** Seconds with an optional fraction (keepalived's TIMER), kept to the microsecond. */
    Optional<Duration> secondsValue(ConfigNode node, String what, String text, BigDecimal min, BigDecimal max) {
        BigDecimal value;
        try {
            value = new BigDecimal(text);
        } catch (NumberFormatException e) {
            error(node, "invalid time '" + text + "' for '" + what + "' in " + where() + " (seconds, e.g. 1 or 0.5)");
            return Optional.empty();
        }
        if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
            error(
                    node,
                    what + " " + text + " out of range " + min.toPlainString() + ".." + max.toPlainString() + " in "
                            + where());
            return Optional.empty();
        }
        long micros = value.movePointRight(6)
                .setScale(0, java.math.RoundingMode.HALF_UP)
                .longValueExact();
        return Optional.of(Duration.ofNanos(micros * 1000));
    }
}
