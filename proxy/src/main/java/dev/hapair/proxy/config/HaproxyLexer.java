package dev.hapair.proxy.config;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Splits one haproxy.cfg line into words the way HAProxy 2.x does:
 * <ul>
 *   <li>words are separated by unquoted, unescaped blanks; an unquoted {@code #} ends the line;</li>
 *   <li>{@code "..."} and {@code '...'} quote (also mid-word); nothing is special inside single quotes;</li>
 *   <li>backslash escapes {@code \ }, {@code \\}, {@code \#}, {@code \'}, {@code \"}, {@code \$}, {@code \r},
 *       {@code \n}, {@code \t}, {@code \xHH} work unquoted and in double quotes; other {@code \c} stay as is;</li>
 *   <li>environment variables {@code $NAME}, {@code ${NAME}}, {@code ${NAME-default}} and {@code ${NAME[*]}}
 *       (one word per blank-separated part) are expanded inside double quotes only, as HAProxy 2.6 does;
 *       an unset variable expands to nothing.</li>
 * </ul>
 * A line whose first word is empty (e.g. {@code "" x}) yields no words, as HAProxy ignores it.
 */
public final class HaproxyLexer {

    private HaproxyLexer() {}

    /** Thrown for malformed lines (unmatched quote, bad variable name); the message names the column. */
    public static final class LexException extends Exception {
        public LexException(String message) {
            super(message);
        }
    }

    /** Splits file content into physical lines (LF or CRLF). */
    public static List<String> physicalLines(String content) {
        return content.lines().toList();
    }

    public static List<String> tokenize(String line, Function<String, String> env) throws LexException {
        List<String> words = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean inWord = false;
        char quote = 0;
        int i = 0;
        int n = line.length();
        while (i < n) {
            char c = line.charAt(i);
            if (quote == '\'') {
                if (c == '\'') {
                    quote = 0;
                } else {
                    cur.append(c);
                }
                i++;
                continue;
            }
            if (c == '\\' && i + 1 < n) {
                i = escape(line, i, cur);
                inWord = true;
                continue;
            }
            if (c == '"') {
                quote = quote == '"' ? 0 : '"';
                inWord = true;
                i++;
                continue;
            }
            if (quote == '"' && c == '$') {
                i = expand(line, i, cur, words, env);
                inWord = true;
                continue;
            }
            if (quote == 0) {
                if (c == '\'') {
                    quote = '\'';
                    inWord = true;
                    i++;
                    continue;
                }
                if (c == '#') {
                    break;
                }
                if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
                    if (inWord) {
                        words.add(cur.toString());
                        cur.setLength(0);
                        inWord = false;
                    }
                    i++;
                    continue;
                }
            }
            cur.append(c);
            inWord = true;
            i++;
        }
        if (quote != 0) {
            throw new LexException("unmatched quote at position " + (line.indexOf(quote) + 1));
        }
        if (inWord) {
            words.add(cur.toString());
        }
        if (!words.isEmpty() && words.get(0).isEmpty()) {
            return List.of();
        }
        return words;
    }

    private static int escape(String line, int i, StringBuilder cur) throws LexException {
        char e = line.charAt(i + 1);
        switch (e) {
            case ' ', '\\', '#', '\'', '"', '$' -> cur.append(e);
            case 'r' -> cur.append('\r');
            case 'n' -> cur.append('\n');
            case 't' -> cur.append('\t');
            case 'x' -> {
                if (i + 3 >= line.length() || !isHex(line.charAt(i + 2)) || !isHex(line.charAt(i + 3))) {
                    throw new LexException("truncated or invalid hexadecimal sequence at position " + (i + 1));
                }
                cur.append((char) Integer.parseInt(line.substring(i + 2, i + 4), 16));
                return i + 4;
            }
            default -> cur.append('\\').append(e);
        }
        return i + 2;
    }

    private static boolean isHex(char c) {
        return Character.digit(c, 16) >= 0;
    }

    private static int expand(String line, int i, StringBuilder cur, List<String> words, Function<String, String> env)
            throws LexException {
        int n = line.length();
        int p = i + 1;
        boolean braced = p < n && line.charAt(p) == '{';
        if (braced) {
            p++;
        }
        if (p >= n || !(Character.isLetter(line.charAt(p)) || line.charAt(p) == '_')) {
            throw new LexException("forbidden first char in environment variable name at position " + (p + 1));
        }
        int start = p;
        while (p < n && (Character.isLetterOrDigit(line.charAt(p)) || line.charAt(p) == '_')) {
            p++;
        }
        String name = line.substring(start, p);
        String fallback = null;
        boolean split = false;
        if (braced) {
            if (line.startsWith("[*]", p)) {
                split = true;
                p += 3;
            } else if (p < n && line.charAt(p) == '-') {
                int close = line.indexOf('}', p);
                if (close < 0) {
                    throw new LexException("unmatched brace in environment variable name at position " + (i + 2));
                }
                fallback = line.substring(p + 1, close);
                p = close;
            }
            if (p >= n || line.charAt(p) != '}') {
                throw new LexException("unmatched brace in environment variable name at position " + (i + 2));
            }
            p++;
        }
        String value = env.apply(name);
        if (value == null) {
            value = fallback == null ? "" : fallback;
        }
        if (!split) {
            cur.append(value);
            return p;
        }
        String[] parts = value.trim().split("[ \t]+");
        for (int k = 0; k < parts.length; k++) {
            cur.append(parts[k]);
            if (k < parts.length - 1) {
                words.add(cur.toString());
                cur.setLength(0);
            }
        }
        return p;
    }
}
