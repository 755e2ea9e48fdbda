package dev.hapair.proxy.sample;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code json_query(<json_path>[,int])} converter: a JSONPath subset ({@code $}, {@code .key} with
 * {@code \.} for a dot inside a key, {@code [index]}) over the input document. Strings come out unescaped,
 * numbers as C's {@code %g} text (or, with {@code int}, the integer part within +/-(2^53-1)), booleans as
 * booleans; null, objects, arrays, a bad document or no match give no sample, as in HAProxy.
 */
final class JsonQuery {

    private static final long JSON_INT_MAX = (1L << 53) - 1;

    private final List<Object> path; // String keys and Integer indexes
    private final boolean asInt;

    private JsonQuery(List<Object> path, boolean asInt) {
        this.path = path;
        this.asInt = asInt;
    }

    static JsonQuery compile(String jsonPath, String outputType) {
        if (outputType != null && !outputType.equals("int")) {
            throw new IllegalArgumentException("output type must be 'int', got '" + outputType + "'");
        }
        if (!jsonPath.startsWith("$")) {
            throw new IllegalArgumentException("JSON path '" + jsonPath + "' must start with '$'");
        }
        List<Object> p = new ArrayList<>();
        int i = 1;
        while (i < jsonPath.length()) {
            char c = jsonPath.charAt(i);
            if (c == '.') {
                StringBuilder key = new StringBuilder();
                i++;
                while (i < jsonPath.length() && jsonPath.charAt(i) != '.' && jsonPath.charAt(i) != '[') {
                    char k = jsonPath.charAt(i);
                    if (k == '\\' && i + 1 < jsonPath.length()) {
                        k = jsonPath.charAt(++i);
                    }
                    key.append(k);
                    i++;
                }
                if (key.isEmpty()) {
                    throw new IllegalArgumentException("empty key in JSON path '" + jsonPath + "'");
                }
                p.add(key.toString());
            } else if (c == '[') {
                int end = jsonPath.indexOf(']', i);
                if (end < 0) {
                    throw new IllegalArgumentException("unclosed '[' in JSON path '" + jsonPath + "'");
                }
                try {
                    p.add(Integer.parseInt(jsonPath.substring(i + 1, end)));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("bad array index in JSON path '" + jsonPath + "'");
                }
                i = end + 1;
            } else {
                throw new IllegalArgumentException("unexpected '" + c + "' in JSON path '" + jsonPath + "'");
            }
        }
        return new JsonQuery(p, outputType != null);
    }

    Sample apply(String doc) {
        Reader r = new Reader(doc);
        try {
            r.skipWs();
            Object v = r.find(path, 0);
            if (v instanceof Num n) {
                if (asInt) {
                    long l = strtoll(n.text());
                    return l < -JSON_INT_MAX || l > JSON_INT_MAX ? null : Sample.sint(l);
                }
                return Sample.str(formatG(Double.parseDouble(n.text())));
            }
            if (v instanceof Boolean b) {
                return Sample.bool(b);
            }
            if (v instanceof String s) {
                return Sample.str(s);
            }
            return null;
        } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
            return null; // not a document, or nothing there
        }
    }

    /** C's strtoll(text, NULL, 0) on a JSON number: the leading integer digits. */
    private static long strtoll(String t) {
        int i = 0;
        boolean neg = t.startsWith("-");
        if (neg) {
            i++;
        }
        long v = 0;
        while (i < t.length() && Character.isDigit(t.charAt(i))) {
            v = v * 10 + (t.charAt(i++) - '0');
            if (v > JSON_INT_MAX) {
                return neg ? Long.MIN_VALUE : Long.MAX_VALUE;
            }
        }
        return neg ? -v : v;
    }

    /** C's printf {@code %g}: 6 significant digits, trailing zeros removed, exponent form outside 1e-4..1e6. */
    static String formatG(double d) {
        if (Double.isNaN(d)) {
            return "nan";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "inf" : "-inf";
        }
        if (d == 0) {
            return (1 / d < 0) ? "-0" : "0";
        }
        BigDecimal b = new BigDecimal(d).round(new MathContext(6));
        int exp = b.precision() - b.scale() - 1;
        if (exp < -4 || exp >= 6) {
            BigDecimal mant = b.movePointLeft(exp).stripTrailingZeros();
            String m = mant.toPlainString();
            String e = String.format("%s%02d", exp < 0 ? "-" : "+", Math.abs(exp));
            return m + "e" + e;
        }
        return b.stripTrailingZeros().toPlainString();
    }

    private record Num(String text) {}

    /** Walks a JSON text, materialising only the value at the path. */
    private static final class Reader {
        private final String s;
        private int i;

        Reader(String s) {
            this.s = s;
        }

        void skipWs() {
            while (i < s.length() && " \t\r\n".indexOf(s.charAt(i)) >= 0) {
                i++;
            }
        }

        Object find(List<Object> path, int depth) {
            skipWs();
            if (depth == path.size()) {
                return value();
            }
            Object step = path.get(depth);
            char c = s.charAt(i);
            if (c == '{' && step instanceof String key) {
                i++;
                skipWs();
                if (s.charAt(i) == '}') {
                    return null;
                }
                while (true) {
                    skipWs();
                    String k = string();
                    skipWs();
                    expect(':');
                    if (k.equals(key)) {
                        return find(path, depth + 1);
                    }
                    skip();
                    skipWs();
                    if (s.charAt(i) == ',') {
                        i++;
                        continue;
                    }
                    expect('}');
                    return null;
                }
            }
            if (c == '[' && step instanceof Integer idx) {
                i++;
                skipWs();
                if (s.charAt(i) == ']') {
                    return null;
                }
                for (int n = 0; ; n++) {
                    if (n == idx) {
                        return find(path, depth + 1);
                    }
                    skip();
                    skipWs();
                    if (s.charAt(i) == ',') {
                        i++;
                        continue;
                    }
                    expect(']');
                    return null;
                }
            }
            return null;
        }

        /** The value here: String, Num, Boolean, or a marker for null/object/array. */
        Object value() {
            skipWs();
            char c = s.charAt(i);
            switch (c) {
                case '"':
                    return string();
                case 't':
                    literal("true");
                    return Boolean.TRUE;
                case 'f':
                    literal("false");
                    return Boolean.FALSE;
                case 'n':
                    literal("null");
                    return null;
                case '{':
                case '[':
                    skip();
                    return List.of(); // an object or array: no sample
                default:
                    return new Num(number());
            }
        }

        void skip() {
            skipWs();
            char c = s.charAt(i);
            if (c == '{' || c == '[') {
                char close = c == '{' ? '}' : ']';
                i++;
                skipWs();
                if (s.charAt(i) == close) {
                    i++;
                    return;
                }
                while (true) {
                    if (c == '{') {
                        skipWs();
                        string();
                        skipWs();
                        expect(':');
                    }
                    skip();
                    skipWs();
                    if (s.charAt(i) == ',') {
                        i++;
                        continue;
                    }
                    expect(close);
                    return;
                }
            }
            value();
        }

        String number() {
            int start = i;
            if (s.charAt(i) == '-') {
                i++;
            }
            while (i < s.length() && "0123456789.eE+-".indexOf(s.charAt(i)) >= 0) {
                i++;
            }
            String t = s.substring(start, i);
            if (t.isEmpty() || t.equals("-")) {
                throw new IllegalArgumentException("not a JSON value");
            }
            Double.parseDouble(t); // throws NumberFormatException (an IllegalArgumentException) when malformed
            return t;
        }

        void literal(String w) {
            if (!s.startsWith(w, i)) {
                throw new IllegalArgumentException("not a JSON value");
            }
            i += w.length();
        }

        void expect(char c) {
            if (s.charAt(i) != c) {
                throw new IllegalArgumentException("expected '" + c + "'");
            }
            i++;
        }

        String string() {
            expect('"');
            StringBuilder sb = new StringBuilder();
            while (true) {
                char c = s.charAt(i++);
                if (c == '"') {
                    return sb.toString();
                }
                if (c != '\\') {
                    sb.append(c);
                    continue;
                }
                char e = s.charAt(i++);
                switch (e) {
                    case 'n' -> sb.append('\n');
                    case 't' -> sb.append('\t');
                    case 'r' -> sb.append('\r');
                    case 'b' -> sb.append('\b');
                    case 'f' -> sb.append('\f');
                    case 'u' -> {
                        int cp = Integer.parseInt(s.substring(i, i + 4), 16);
                        i += 4;
                        // the value is a byte string: UTF-8 encode the code unit
                        for (byte b : String.valueOf((char) cp).getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
                            sb.append((char) (b & 0xFF));
                        }
                    }
                    default -> sb.append(e);
                }
            }
        }
    }
}
