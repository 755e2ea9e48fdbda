package dev.hapair.vrrp.config;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a script string into argv as keepalived documents it: unquoted whitespace separates arguments and
 * single quotes keep spaces inside one argument (double quotes were already consumed by the lexer).
 */
public final class CommandLineSplitter {
    private CommandLineSplitter() {}

    public static List<String> split(String command) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean inQuote = false;
        boolean any = false;
        for (int i = 0; i < command.length(); i++) {
            char c = command.charAt(i);
            if (c == '\'') {
                inQuote = !inQuote;
                any = true;
            } else if (!inQuote && Character.isWhitespace(c)) {
                if (any) {
                    out.add(cur.toString());
                    cur.setLength(0);
                    any = false;
                }
            } else {
                cur.append(c);
                any = true;
            }
        }
        if (any) {
            out.add(cur.toString());
        }
        return List.copyOf(out);
    }
}
