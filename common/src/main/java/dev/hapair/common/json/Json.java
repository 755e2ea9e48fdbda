package dev.hapair.common.json;

/**
 * The little JSON writing the daemons do (stats, state dumps): string literals escaped per RFC 8259.
 * Documents are assembled by their owners with a StringBuilder; this keeps the escaping in one place.
 */
public final class Json {
    private Json() {}

    /** {@code s} as a JSON string literal; {@code null} becomes the literal {@code null}. */
    public static String quote(String s) {
        if (s == null) {
            return "null";
        }
        StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }
}
