package dev.hapair.proxy.acl;

import java.util.Locale;

/** The {@code -m} match methods. */
enum MatchMethod {
    FOUND, BOOL, INT, IP, STR, BEG, END, SUB, REG, DOM, DIR, LEN;

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

    boolean stringMatch() {
        return this == STR || this == BEG || this == END || this == SUB || this == REG || this == DOM || this == DIR;
    }
}
