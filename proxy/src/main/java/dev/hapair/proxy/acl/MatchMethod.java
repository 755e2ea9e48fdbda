package dev.hapair.proxy.acl;

import dev.hapair.proxy.sample.MatchKind;
import dev.hapair.proxy.sample.SampleType;
import java.util.Locale;

/** The {@code -m} match methods. */
enum MatchMethod {
    FOUND,
    BOOL,
    INT,
    IP,
    STR,
    BEG,
    END,
    SUB,
    REG,
    DOM,
    DIR,
    LEN,
    /** Hexadecimal patterns against binary samples (after the others: suggestions prefer string methods). */
    BIN;

    String keyword() {
        return name().toLowerCase(Locale.ROOT);
    }

    static MatchMethod byKeyword(String k) {
        for (MatchMethod m : values()) {
            if (m.keyword().equals(k)) {
                return m;
            }
        }
        return null;
    }

    /** The string comparison of a string method. */
    MatchKind kind() {
        return MatchKind.valueOf(name());
    }

    /** HAProxy's default method for a fetch of type {@code t}. */
    static MatchMethod defaultFor(SampleType t) {
        return switch (t) {
            case BOOL -> BOOL;
            case SINT -> INT;
            case ADDR, IPV4, IPV6 -> IP;
            case BIN -> null; // "none, use -m" (the payload fetches' acl forms default to bin themselves)
            default -> STR;
        };
    }
}
