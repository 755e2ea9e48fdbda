package dev.hapair.proxy.sample;

import dev.hapair.proxy.lb.HashFunction;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.LongBinaryOperator;
import java.util.function.LongPredicate;
import java.util.function.LongUnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The converter registry: every converter hapair implements with its input and output types and
 * argument counts. A keyword not here is an error at {@code -c}.
 */
public final class Converters {

    private static final Map<String, ConverterDef> TABLE = new LinkedHashMap<>();

    static {
        strings();
        hashes();
        arithmetic();
        network();
        time();
        variables();
        maps();
        protocols();
        StickSamples.converters(Converters::def);
    }

    private Converters() {}

    public static ConverterDef lookup(String name) {
        return TABLE.get(name);
    }

    public static Set<String> names() {
        return Collections.unmodifiableSet(TABLE.keySet());
    }

    private static void def(String name, SampleType in, SampleType out, int min, int max, ConverterDef.Factory f) {
        TABLE.put(name, new ConverterDef(name, in, out, min, max, f));
    }

    /** A converter without arguments from {@code in} to {@code out}. */
    private static void simple(String name, SampleType in, SampleType out, Converter c) {
        def(name, in, out, 0, 0, (a, e) -> c);
    }

    private static Sample text(Sample s, java.util.function.UnaryOperator<String> f) {
        String in = s.toText(), out = f.apply(in);
        // unchanged (lower of a lower-case host): the sample itself, samples are immutable
        return out == in && s.type() == SampleType.STR ? s : Sample.str(out);
    }

    private static int intArg(List<String> a, int i, String what, int dflt) {
        if (a.size() <= i || a.get(i).isEmpty()) {
            return dflt;
        }
        return (int) Fetches.integerArg(a.get(i), what);
    }

    // ---------------------------------------------------------------- strings

    private static void strings() {
        SampleType s = SampleType.STR;
        simple("lower", s, s, (in, c) -> text(in, x -> x.toLowerCase(Locale.ROOT)));
        simple("upper", s, s, (in, c) -> text(in, x -> x.toUpperCase(Locale.ROOT)));
        simple("length", s, SampleType.SINT, (in, c) -> Sample.sint(in.toText().length()));
        def("json_query", s, SampleType.ANY, 1, 2, (a, e) -> {
            JsonQuery q = JsonQuery.compile(a.get(0), a.size() > 1 ? a.get(1) : null);
            return (in, c) -> q.apply(in.toText());
        });
        def("url_dec", s, s, 0, 1, (a, e) -> {
            // in_form: '+' is a space, as in a form-encoded query
            boolean form = intArg(a, 0, "in_form", 0) != 0;
            return (in, c) -> {
                // '+' is a space in a query string (after '?'), everywhere with in_form
                String t = in.toText();
                int q = form ? 0 : t.indexOf('?');
                return urlDecode(q < 0 ? t : t.substring(0, q) + t.substring(q).replace('+', ' '));
            };
        });
        def("url_enc", s, s, 0, 1, (a, e) -> {
            if (!a.isEmpty() && !a.get(0).equals("query")) {
                throw new IllegalArgumentException("unknown encoding '" + a.get(0) + "' (query)");
            }
            return (in, c) -> Sample.str(urlEncode(in.toText()));
        });
        def("ltrim", s, s, 1, 1, (a, e) -> (in, c) -> text(in, x -> trim(x, a.get(0), true)));
        def("rtrim", s, s, 1, 1, (a, e) -> (in, c) -> text(in, x -> trim(x, a.get(0), false)));
        def("field", s, s, 2, 3, (a, e) -> fieldLike(a, false));
        def("word", s, s, 2, 3, (a, e) -> fieldLike(a, true));
        def("regsub", s, s, 2, 3, (a, e) -> regsub(a));
        def("concat", s, s, 0, 3, (a, e) -> {
            String pre = a.size() > 0 ? a.get(0) : "";
            VarRef var = a.size() > 1 && !a.get(1).isEmpty() ? VarRef.parse(a.get(1)) : null;
            String post = a.size() > 2 ? a.get(2) : "";
            return (in, c) -> {
                String mid = "";
                if (var != null) {
                    Sample v = c.vars() == null ? null : c.vars().get(var);
                    mid = v == null ? "" : v.toText();
                }
                return Sample.str(in.toText() + pre + mid + post);
            };
        });
        def("add_item", s, s, 2, 3, (a, e) -> {
            String delim = a.get(0);
            VarRef var = a.get(1).isEmpty() ? null : VarRef.parse(a.get(1));
            String suffix = a.size() > 2 ? a.get(2) : "";
            return (in, c) -> {
                Sample v = var == null || c.vars() == null ? null : c.vars().get(var);
                String item = (v == null ? "" : v.toText()) + suffix;
                if (item.isEmpty()) {
                    return in;
                }
                String base = in.toText();
                return Sample.str(base.isEmpty() ? item : base + delim + item);
            };
        });
        def("bytes", SampleType.BIN, SampleType.BIN, 1, 2, (a, e) -> {
            int off = intArg(a, 0, "offset", 0);
            int len = intArg(a, 1, "length", -1);
            if (off < 0 || (a.size() > 1 && len < 0)) {
                throw new IllegalArgumentException("offset and length must not be negative");
            }
            return (in, c) -> {
                byte[] b = in.toBytes();
                if (off >= b.length) {
                    return null;
                }
                int end = len < 0 ? b.length : Math.min(b.length, off + len);
                return Sample.bin(java.util.Arrays.copyOfRange(b, off, end));
            };
        });
        def("json", s, s, 0, 1, (a, e) -> {
            String mode = a.isEmpty() ? "" : a.get(0);
            if (!List.of("", "ascii", "utf8", "utf8s", "utf8p", "utf8ps").contains(mode)) {
                throw new IllegalArgumentException(
                        "unknown input code '" + mode + "' (ascii, utf8, utf8s, utf8p, utf8ps)");
            }
            return (in, c) -> json(in.toText(), mode);
        });
        simple(
                "hex",
                SampleType.BIN,
                s,
                (in, c) -> Sample.str(HexFormat.of().withUpperCase().formatHex(in.toBytes())));
        simple("hex2i", s, SampleType.SINT, (in, c) -> {
            try {
                return Sample.sint(Long.parseUnsignedLong(in.toText().strip(), 16));
            } catch (NumberFormatException ex) {
                return null;
            }
        });
        simple(
                "base64",
                SampleType.BIN,
                s,
                (in, c) -> Sample.str(Base64.getEncoder().encodeToString(in.toBytes())));
        simple("b64dec", s, SampleType.BIN, (in, c) -> decode(Base64.getDecoder(), in));
        simple(
                "ub64enc",
                SampleType.BIN,
                s,
                (in, c) -> Sample.str(Base64.getUrlEncoder().withoutPadding().encodeToString(in.toBytes())));
        simple("ub64dec", s, SampleType.BIN, (in, c) -> decode(Base64.getUrlDecoder(), in));
        def(
                "be2dec",
                SampleType.BIN,
                s,
                2,
                3,
                (a, e) -> chunked(a, 8, (sb, b, from, to) -> {
                    long v = 0;
                    for (int j = from; j < to; j++) {
                        v = (v << 8) | (b[j] & 0xFF);
                    }
                    sb.append(Long.toUnsignedString(v));
                }));
        def(
                "be2hex",
                SampleType.BIN,
                s,
                0,
                3,
                (a, e) -> chunked(a, Integer.MAX_VALUE, (sb, b, from, to) -> {
                    for (int j = from; j < to; j++) {
                        sb.append(String.format("%02X", b[j] & 0xFF));
                    }
                }));
        def("strcmp", s, SampleType.SINT, 1, 1, (a, e) -> {
            VarRef var = VarRef.parse(a.get(0));
            return (in, c) -> {
                Sample v = c.vars() == null ? null : c.vars().get(var);
                if (v == null) {
                    return null;
                }
                return Sample.sint(Integer.signum(in.toText().compareTo(v.toText())));
            };
        });
        def("secure_memcmp", SampleType.BIN, SampleType.BOOL, 1, 1, (a, e) -> {
            VarRef var = VarRef.parse(a.get(0));
            return (in, c) -> {
                Sample v = c.vars() == null ? null : c.vars().get(var);
                return v == null ? null : Sample.bool(MessageDigest.isEqual(in.toBytes(), v.toBytes()));
            };
        });
        def("iif", SampleType.BOOL, s, 2, 2, (a, e) -> {
            Sample yes = Sample.str(a.get(0));
            Sample no = Sample.str(a.get(1));
            return (in, c) -> in.toBool() ? yes : no;
        });
    }

    /** Writes one chunk of bytes {@code [from, to)} of {@code b}. */
    private interface ChunkWriter {
        void write(StringBuilder sb, byte[] b, int from, int to);
    }

    /**
     * {@code be2dec(separator,chunk_size[,truncate])} and {@code be2hex([separator[,chunk_size[,truncate]]])}: the
     * input cut into chunks of {@code chunk_size} bytes (the last one shorter unless {@code truncate} drops it),
     * each written by {@code w}, separated by {@code separator}.
     */
    private static Converter chunked(List<String> a, int maxChunk, ChunkWriter w) {
        String sep = a.isEmpty() ? "" : a.get(0);
        int chunk = intArg(a, 1, "chunk size", 1);
        boolean truncate = a.size() > 2 && intArg(a, 2, "truncate", 0) != 0;
        if (chunk < 1 || chunk > maxChunk) {
            throw new IllegalArgumentException("chunk size must be between 1 and " + maxChunk);
        }
        return (in, c) -> {
            byte[] b = in.toBytes();
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < b.length; i += chunk) {
                if (i + chunk > b.length && truncate) {
                    break;
                }
                if (i > 0) {
                    sb.append(sep);
                }
                w.write(sb, b, i, Math.min(b.length, i + chunk));
            }
            return Sample.str(sb.toString());
        };
    }

    private static Sample decode(Base64.Decoder d, Sample in) {
        try {
            return Sample.bin(d.decode(in.toText().strip()));
        } catch (IllegalArgumentException ex) {
            return null;
        }
    }

    private static String trim(String s, String chars, boolean left) {
        int a = 0;
        int b = s.length();
        if (left) {
            while (a < b && chars.indexOf(s.charAt(a)) >= 0) {
                a++;
            }
        } else {
            while (b > a && chars.indexOf(s.charAt(b - 1)) >= 0) {
                b--;
            }
        }
        return s.substring(a, b);
    }

    /**
     * {@code field(index,delimiters[,count])} and {@code word(...)}: 1-based index, negative counts from the
     * end; {@code count} fields are kept with their delimiters (0: all the rest). {@code word} skips empty
     * fields (runs of delimiters).
     */
    private static Converter fieldLike(List<String> a, boolean words) {
        int index = intArg(a, 0, "index", 0);
        String delims = a.get(1);
        int count = intArg(a, 2, "count", 1);
        if (index == 0) {
            throw new IllegalArgumentException("index must not be 0");
        }
        if (delims.isEmpty()) {
            throw new IllegalArgumentException("delimiter list must not be empty");
        }
        if (count < 0) {
            throw new IllegalArgumentException("count must not be negative");
        }
        return (in, c) -> {
            String s = in.toText();
            java.util.List<int[]> parts = new java.util.ArrayList<>();
            int start = 0;
            for (int i = 0; i <= s.length(); i++) {
                if (i == s.length() || delims.indexOf(s.charAt(i)) >= 0) {
                    if (!words || i > start) {
                        parts.add(new int[] {start, i});
                    }
                    start = i + 1;
                }
            }
            int n = parts.size();
            int first = index > 0 ? index - 1 : n + index;
            if (first < 0 || first >= n) {
                return null; // no such field: no sample (so '-m found' is false)
            }
            int last;
            if (index > 0) {
                last = count == 0 ? n - 1 : Math.min(n - 1, first + count - 1);
            } else {
                last = first;
                first = count == 0 ? 0 : Math.max(0, first - count + 1);
            }
            return Sample.str(s.substring(parts.get(first)[0], parts.get(last)[1]));
        };
    }

    /** {@code regsub(regex,subst[,flags])}: flags {@code i} (ignore case) and {@code g} (all matches); \N is group N. */
    private static Converter regsub(List<String> a) {
        String flags = a.size() > 2 ? a.get(2) : "";
        for (char f : flags.toCharArray()) {
            if (f != 'i' && f != 'g') {
                throw new IllegalArgumentException("unknown flag '" + f + "' (i, g)");
            }
        }
        Pattern p = regex(a.get(0), flags.indexOf('i') >= 0);
        String repl = replacement(a.get(1));
        boolean global = flags.indexOf('g') >= 0;
        return (in, c) -> {
            Matcher m = p.matcher(in.toText());
            return Sample.str(global ? m.replaceAll(repl) : m.replaceFirst(repl));
        };
    }

    /** Compiles a configuration regex; the error names it (for {@code -c}). */
    public static Pattern regex(String re, boolean ignoreCase) {
        try {
            return Pattern.compile(re, ignoreCase ? Pattern.CASE_INSENSITIVE : 0);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("invalid regex '" + re + "': " + e.getDescription());
        }
    }

    /** HAProxy's {@code \1} back-references as a Java replacement string (other text literal). */
    public static String replacement(String subst) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < subst.length(); i++) {
            char ch = subst.charAt(i);
            if (ch == '\\' && i + 1 < subst.length() && Character.isDigit(subst.charAt(i + 1))) {
                sb.append('$').append(subst.charAt(++i));
            } else if (ch == '$' || ch == '\\') {
                sb.append('\\').append(ch);
            } else {
                sb.append(ch);
            }
        }
        return sb.toString();
    }

    private static Sample urlDecode(String s) {
        try {
            // '+' stays '+': HAProxy decodes only %XX outside a query
            return Sample.str(new String(
                    URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.ISO_8859_1)
                            .getBytes(StandardCharsets.ISO_8859_1),
                    StandardCharsets.ISO_8859_1));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static String urlEncode(String s) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if ((ch >= 'a' && ch <= 'z')
                    || (ch >= 'A' && ch <= 'Z')
                    || (ch >= '0' && ch <= '9')
                    || "-._~".indexOf(ch) >= 0) {
                sb.append(ch);
            } else {
                sb.append('%').append(String.format("%02X", ch & 0xFF));
            }
        }
        return sb.toString();
    }

    /**
     * JSON string escaping: quotes, backslash, slash and control characters; other non-ASCII as {@code \\uXXXX}.
     * With a utf8 input code, the bytes are decoded as UTF-8: an invalid sequence gives no sample, or is
     * skipped with {@code utf8s}/{@code utf8ps}.
     */
    private static Sample json(String s, String mode) {
        StringBuilder sb = new StringBuilder(s.length() + 8);
        boolean utf8 = mode.startsWith("utf8");
        boolean skip = mode.endsWith("s");
        int i = 0;
        while (i < s.length()) {
            int cp = s.charAt(i) & 0xFF;
            int len = 1;
            if (utf8 && cp >= 0x80) {
                len = cp >= 0xF0 && cp < 0xF8 ? 4 : cp >= 0xE0 ? 3 : cp >= 0xC0 ? 2 : 0;
                boolean ok = len > 0 && i + len <= s.length();
                int v = len == 4 ? cp & 0x07 : len == 3 ? cp & 0x0F : cp & 0x1F;
                for (int k = 1; ok && k < len; k++) {
                    int b = s.charAt(i + k) & 0xFF;
                    ok = (b & 0xC0) == 0x80;
                    v = (v << 6) | (b & 0x3F);
                }
                if (!ok) {
                    if (!skip) {
                        return null;
                    }
                    i++;
                    continue;
                }
                cp = v;
            }
            i += len;
            switch (cp) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '/' -> sb.append("\\/");
                case '\b' -> sb.append("\\b");
                case '\f' -> sb.append("\\f");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (cp < 0x20 || cp > 0x7e) {
                        sb.append(String.format("\\u%04x", cp));
                    } else {
                        sb.append((char) cp);
                    }
                }
            }
        }
        return Sample.str(sb.toString());
    }

    // ---------------------------------------------------------------- hashes and digests

    private static void hashes() {
        for (HashFunction h : HashFunction.values()) {
            def(h.keyword(), SampleType.BIN, SampleType.SINT, 0, 1, (a, e) -> {
                boolean avalanche = intArg(a, 0, "avalanche", 0) != 0;
                return (in, c) -> {
                    long v = h.hash(in.toBytes());
                    return Sample.sint(avalanche ? HashFunction.avalanche(v) : v);
                };
            });
        }
        def("crc32c", SampleType.BIN, SampleType.SINT, 0, 1, (a, e) -> {
            boolean avalanche = intArg(a, 0, "avalanche", 0) != 0;
            return (in, c) -> {
                java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
                crc.update(in.toBytes());
                return Sample.sint(avalanche ? HashFunction.avalanche(crc.getValue()) : crc.getValue());
            };
        });
        def("xxh32", SampleType.BIN, SampleType.SINT, 0, 1, (a, e) -> {
            long seed = intArg(a, 0, "seed", 0);
            return (in, c) -> Sample.sint(XxHash.xxh32(in.toBytes(), (int) seed) & 0xFFFFFFFFL);
        });
        def("xxh64", SampleType.BIN, SampleType.SINT, 0, 1, (a, e) -> {
            long seed = intArg(a, 0, "seed", 0);
            return (in, c) -> Sample.sint(XxHash.xxh64(in.toBytes(), seed));
        });
        def("xxh3", SampleType.BIN, SampleType.SINT, 0, 1, (a, e) -> {
            net.openhft.hashing.LongHashFunction f = net.openhft.hashing.LongHashFunction.xx3(intArg(a, 0, "seed", 0));
            return (in, c) -> Sample.sint(f.hashBytes(in.toBytes()));
        });
        simple("sha1", SampleType.BIN, SampleType.BIN, (in, c) -> Sample.bin(digest("SHA-1", in.toBytes())));
        def("sha2", SampleType.BIN, SampleType.BIN, 0, 1, (a, e) -> {
            int bits = intArg(a, 0, "bits", 256);
            if (!List.of(224, 256, 384, 512).contains(bits)) {
                throw new IllegalArgumentException("bits must be 224, 256, 384 or 512, got " + bits);
            }
            return (in, c) -> Sample.bin(digest("SHA-" + bits, in.toBytes()));
        });
        def("digest", SampleType.BIN, SampleType.BIN, 1, 1, (a, e) -> {
            String alg = javaDigest(a.get(0));
            return (in, c) -> Sample.bin(digest(alg, in.toBytes()));
        });
        def("hmac", SampleType.BIN, SampleType.BIN, 2, 2, (a, e) -> {
            String alg = "Hmac" + javaDigest(a.get(0)).replace("-", "");
            // the key: a variable holding base64 text, or the base64 text itself
            VarRef keyVar = VarRef.isReference(a.get(1)) ? VarRef.parse(a.get(1)) : null;
            Sample literal = keyVar == null ? Sample.str(a.get(1)) : null;
            return (in, c) -> {
                Sample key = keyVar == null
                        ? literal
                        : c.vars() == null ? null : c.vars().get(keyVar);
                if (key == null) {
                    return null;
                }
                // the key variable holds base64 text
                byte[] k;
                try {
                    k = Base64.getDecoder().decode(key.toText());
                } catch (IllegalArgumentException ex) {
                    return null;
                }
                try {
                    Mac m = Mac.getInstance(alg);
                    m.init(new SecretKeySpec(k.length == 0 ? new byte[1] : k, alg));
                    return Sample.bin(m.doFinal(in.toBytes()));
                } catch (NoSuchAlgorithmException | InvalidKeyException ex) {
                    return null;
                }
            };
        });
    }

    private static String javaDigest(String name) {
        String n = name.toUpperCase(Locale.ROOT);
        String alg =
                switch (n) {
                    case "MD5" -> "MD5";
                    case "SHA1" -> "SHA-1";
                    case "SHA224", "SHA256", "SHA384", "SHA512" -> "SHA-" + n.substring(3);
                    default -> null;
                };
        if (alg == null) {
            throw new IllegalArgumentException(
                    "unknown digest '" + name + "' (md5, sha1, sha224, sha256, sha384, sha512)");
        }
        return alg;
    }

    private static byte[] digest(String alg, byte[] data) {
        try {
            return MessageDigest.getInstance(alg).digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---------------------------------------------------------------- arithmetic and logic

    private static void arithmetic() {
        SampleType i = SampleType.SINT;
        binary("add", (x, y) -> x + y);
        binary("sub", (x, y) -> x - y);
        binary("mul", (x, y) -> x * y);
        // HAProxy: division by zero gives the largest value of the sign, modulo by zero gives 0
        binary("div", (x, y) -> y == 0 ? (x < 0 ? Long.MIN_VALUE : Long.MAX_VALUE) : x / y);
        binary("mod", (x, y) -> y == 0 ? 0 : x % y);
        binary("and", (x, y) -> x & y);
        binary("or", (x, y) -> x | y);
        binary("xor", (x, y) -> x ^ y);
        unary("neg", x -> -x);
        unary("cpl", x -> ~x);
        predicate("bool", x -> x != 0);
        predicate("not", x -> x == 0);
        predicate("odd", x -> (x & 1) != 0);
        predicate("even", x -> (x & 1) == 0);
        compare("eq", c -> c == 0);
        compare("ne", c -> c != 0);
        compare("ge", c -> c >= 0);
        compare("gt", c -> c > 0);
        compare("le", c -> c <= 0);
        compare("lt", c -> c < 0);
    }

    /** An integer operand: a literal, or a variable's value (a missing variable gives no sample). */
    private interface Operand {
        Long value(SampleContext c);
    }

    private static Operand operand(String arg) {
        Long n = Sample.parseLong(arg.strip());
        if (n != null && arg.strip().matches("[-+]?[0-9]+")) {
            return c -> n;
        }
        VarRef v = VarRef.parse(arg.strip());
        return c -> {
            Sample s = c.vars() == null ? null : c.vars().get(v);
            return s == null ? null : s.toLong();
        };
    }

    private static void binary(String name, LongBinaryOperator op) {
        def(name, SampleType.SINT, SampleType.SINT, 1, 1, (a, e) -> {
            Operand o = operand(a.get(0));
            return (in, c) -> {
                Long y = o.value(c);
                return y == null ? null : Sample.sint(op.applyAsLong(in.toLong(), y));
            };
        });
    }

    private static void unary(String name, LongUnaryOperator op) {
        simple(name, SampleType.SINT, SampleType.SINT, (in, c) -> Sample.sint(op.applyAsLong(in.toLong())));
    }

    private static void predicate(String name, LongPredicate p) {
        simple(name, SampleType.SINT, SampleType.BOOL, (in, c) -> Sample.bool(p.test(in.toLong())));
    }

    private static void compare(String name, java.util.function.IntPredicate p) {
        def(name, SampleType.SINT, SampleType.BOOL, 1, 1, (a, e) -> {
            Operand o = operand(a.get(0));
            return (in, c) -> {
                Long y = o.value(c);
                return y == null ? null : Sample.bool(p.test(Long.compare(in.toLong(), y)));
            };
        });
    }

    // ---------------------------------------------------------------- network

    private static void network() {
        def("ipmask", SampleType.ADDR, SampleType.ADDR, 1, 2, (a, e) -> {
            byte[] m4 = mask(a.get(0), 4);
            byte[] m6 = a.size() > 1 ? mask(a.get(1), 16) : null;
            return (in, c) -> {
                InetAddress addr = in.toAddress();
                byte[] m = addr instanceof Inet4Address ? m4 : m6;
                if (m == null) {
                    return null;
                }
                byte[] b = addr.getAddress().clone();
                for (int k = 0; k < b.length; k++) {
                    b[k] &= m[k];
                }
                return Sample.addr(Addresses.fromBytes(b));
            };
        });
    }

    /** A mask as a prefix length or, for IPv4, a dotted mask. */
    private static byte[] mask(String s, int bytes) {
        byte[] dotted = bytes == 4 && s.contains(".") ? IpPatterns.literal(s) : null;
        if (dotted != null && dotted.length == 4) {
            return dotted;
        }
        // an IPv6 mask may be written as an address (HAProxy accepts non-contiguous ones too)
        byte[] v6 = bytes == 16 && s.contains(":") ? IpPatterns.literal(s) : null;
        if (v6 != null && v6.length == 16) {
            return v6;
        }
        int bits;
        try {
            bits = Integer.parseInt(s.strip());
        } catch (NumberFormatException ex) {
            throw new IllegalArgumentException("invalid mask '" + s + "'");
        }
        if (bits < 0 || bits > bytes * 8) {
            throw new IllegalArgumentException("invalid mask '" + s + "'");
        }
        byte[] m = new byte[bytes];
        for (int k = 0; k < bits; k++) {
            m[k / 8] |= (byte) (0x80 >>> (k % 8));
        }
        return m;
    }

    // ---------------------------------------------------------------- time

    private static void time() {
        for (boolean local : new boolean[] {true, false}) {
            def(local ? "ltime" : "utime", SampleType.SINT, SampleType.STR, 1, 2, (a, e) -> {
                Strftime f = Strftime.compile(a.get(0));
                long offset = a.size() > 1 ? Fetches.integerArg(a.get(1), "offset") : 0;
                return (in, c) -> Sample.str(f.format(in.toLong() + offset, local));
            });
        }
        def("http_date", SampleType.SINT, SampleType.STR, 0, 2, (a, e) -> {
            long offset = a.isEmpty() || a.get(0).isEmpty() ? 0 : Fetches.integerArg(a.get(0), "offset");
            String unit = a.size() > 1 ? a.get(1) : "s";
            long perSecond =
                    switch (unit) {
                        case "s" -> 1;
                        case "ms" -> 1000;
                        case "us" -> 1_000_000;
                        default -> throw new IllegalArgumentException("unit '" + unit + "' is not s, ms or us");
                    };
            Strftime f = Strftime.compile("%a, %d %b %Y %H:%M:%S GMT");
            return (in, c) -> Sample.str(f.format(Math.floorDiv(in.toLong(), perSecond) + offset, false));
        });
    }

    // ---------------------------------------------------------------- variables

    private static void variables() {
        def("set-var", SampleType.ANY, SampleType.ANY, 1, 5, (a, e) -> {
            VarRef v = VarRef.parse(a.get(0));
            VarConditions conds = VarConditions.parse(a.subList(1, a.size()));
            return (in, c) -> {
                if (c.vars() != null && conds.allow(c.vars(), v, in)) {
                    c.vars().set(v, in);
                }
                return in;
            };
        });
        def("unset-var", SampleType.ANY, SampleType.ANY, 1, 1, (a, e) -> {
            VarRef v = VarRef.parse(a.get(0));
            return (in, c) -> {
                if (c.vars() != null) {
                    c.vars().unset(v);
                }
                return in;
            };
        });
    }

    // ---------------------------------------------------------------- maps

    /**
     * {@code map(FILE[,DEFAULT])} and {@code map_<match>[_<output>](FILE[,DEFAULT])}: match one of
     * str, beg, end, sub, dir, dom, reg, ip, int; output str (default), int or ip.
     */
    private static void maps() {
        for (String out : List.of("str", "int", "ip")) {
            SampleType t = out.equals("str") ? SampleType.STR : out.equals("int") ? SampleType.SINT : SampleType.ADDR;
            ConverterDef.Factory f = (a, e) -> mapRegm(a, e, t);
            def("map_regm_" + out, SampleType.STR, t, 1, 2, f);
            if (out.equals("str")) {
                def("map_regm", SampleType.STR, t, 1, 2, f);
            }
        }
        for (MatchKind k : MatchKind.values()) {
            SampleType in = k == MatchKind.IP ? SampleType.ADDR : k == MatchKind.INT ? SampleType.SINT : SampleType.STR;
            for (String out : List.of("str", "int", "ip")) {
                SampleType outType =
                        out.equals("str") ? SampleType.STR : out.equals("int") ? SampleType.SINT : SampleType.ADDR;
                String base = "map_" + k.keyword();
                ConverterDef.Factory f = (a, e) -> map(a, e, k, outType);
                def(base + "_" + out, in, outType, 1, 2, f);
                if (out.equals("str")) {
                    def(base, in, outType, 1, 2, f);
                    if (k == MatchKind.STR) {
                        def("map", in, outType, 1, 2, f);
                    }
                }
            }
        }
    }

    /** {@code map_regm}: like {@code map_reg}, and {@code \\N} in the value is group N of the match. */
    private static Converter mapRegm(List<String> a, SampleEnv e, SampleType out) {
        MapFile m;
        try {
            m = e.maps().load(a.get(0));
        } catch (IOException ex) {
            throw new IllegalArgumentException("cannot read map file '" + a.get(0) + "': " + ex.getMessage());
        }
        Sample dflt = a.size() > 1 ? Sample.str(a.get(1)).cast(out) : null;
        return (in, c) -> {
            String v = m.lookupRegm(in.toText());
            return v == null ? dflt : Sample.str(v).cast(out);
        };
    }

    private static Converter map(List<String> a, SampleEnv e, MatchKind kind, SampleType out) {
        MapFile m;
        try {
            m = e.maps().load(a.get(0));
        } catch (IOException ex) {
            throw new IllegalArgumentException("cannot read map file '" + a.get(0) + "': " + ex.getMessage());
        }
        Sample dflt = a.size() > 1 ? Sample.str(a.get(1)).cast(out) : null;
        if (a.size() > 1 && dflt == null) {
            throw new IllegalArgumentException("default value '" + a.get(1) + "' is not a valid " + out.label());
        }
        return (in, c) -> {
            String v = m.lookup(kind, in);
            if (v == null) {
                return dflt;
            }
            return Sample.str(v).cast(out);
        };
    }

    // ---------------------------------------------------------------- first messages of FIX and MQTT

    private static void protocols() {
        simple("fix_is_valid", SampleType.BIN, SampleType.BOOL, (in, c) -> switch (FixMessage.validate(in.toBytes())) {
            case VALID -> Sample.bool(true);
            case INVALID -> Sample.bool(false);
            case NEED_MORE_DATA -> mayChange(c);
        });
        def("fix_tag_value", SampleType.BIN, SampleType.BIN, 1, 1, (a, e) -> {
            int tag = FixMessage.tagId(a.get(0));
            return (in, c) -> {
                byte[] v = FixMessage.tagValue(in.toBytes(), tag);
                return v == FixMessage.NEED_MORE ? mayChange(c) : v == null ? null : Sample.bin(v);
            };
        });
        simple("mqtt_is_valid", SampleType.BIN, SampleType.BOOL, (in, c) -> switch (MqttPacket.validate(in.toBytes())) {
            case VALID -> Sample.bool(true);
            case INVALID -> Sample.bool(false);
            case NEED_MORE_DATA -> mayChange(c);
        });
        def("mqtt_field_value", SampleType.BIN, SampleType.STR, 2, 2, (a, e) -> {
            MqttPacket.FieldRef ref = MqttPacket.field(a.get(0), a.get(1));
            return (in, c) -> {
                byte[] v = MqttPacket.fieldValue(in.toBytes(), ref);
                return v == MqttPacket.MORE
                        ? mayChange(c)
                        : v == null ? null : Sample.str(new String(v, StandardCharsets.ISO_8859_1));
            };
        });
    }

    /**
     * No sample yet because the message is not complete: while content inspection may still receive bytes
     * the condition waits (HAProxy's SMP_F_MAY_CHANGE) instead of failing.
     */
    private static Sample mayChange(SampleContext c) {
        if (!c.contentFinal()) {
            c.contentMissing();
        }
        return null;
    }
}
