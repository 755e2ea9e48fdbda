package dev.hapair.health.probe;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a keepalived-style command string ({@code script "killall -0 haproxy"}) into argv without a
 * shell: words are separated by blanks; {@code '...'} is literal; {@code "..."} allows {@code \"} and
 * {@code \\}; outside quotes a backslash escapes the next character.
 */
public final class CommandLine {

    private CommandLine() {}

    /** @throws IllegalArgumentException on an unterminated quote or an empty command */
    public static List<String> split(String command) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean inWord = false;
        int i = 0;
        int n = command.length();
        while (i < n) {
            char c = command.charAt(i);
            if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
                if (inWord) {
                    out.add(cur.toString());
                    cur.setLength(0);
                    inWord = false;
                }
                i++;
            } else if (c == '\'') {
                int end = command.indexOf('\'', i + 1);
                if (end < 0) {
                    throw new IllegalArgumentException("unterminated ' quote in command: " + command);
                }
                cur.append(command, i + 1, end);
                inWord = true;
                i = end + 1;
            } else if (c == '"') {
                i++;
                boolean closed = false;
                while (i < n) {
                    char d = command.charAt(i);
                    if (d == '\\' && i + 1 < n && (command.charAt(i + 1) == '"' || command.charAt(i + 1) == '\\')) {
                        cur.append(command.charAt(i + 1));
                        i += 2;
                    } else if (d == '"') {
                        closed = true;
                        i++;
                        break;
                    } else {
                        cur.append(d);
                        i++;
                    }
                }
                if (!closed) {
                    throw new IllegalArgumentException("unterminated \" quote in command: " + command);
                }
                inWord = true;
            } else if (c == '\\' && i + 1 < n) {
                cur.append(command.charAt(i + 1));
                inWord = true;
                i += 2;
            } else {
                cur.append(c);
                inWord = true;
                i++;
            }
        }
        if (inWord) {
            out.add(cur.toString());
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("empty command");
        }
        return List.copyOf(out);
    }
}
