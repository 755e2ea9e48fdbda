package dev.hapair.proxy.sample;

import dev.hapair.common.config.Suggestions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A compiled log-format string: literal text, {@code %[sample expression]} and HAProxy's {@code %NAME}
 * variables, each with optional {@code %{+Q}} / {@code %{+X}} flags. Used for header values, return
 * bodies, redirect locations, dynamic backend names and log lines. Unknown variables, flags and
 * fetches are errors at compile time.
 */
public final class FormatString {

    /** How an absent value is rendered: nothing in messages, '-' in log lines (as HAProxy does). */
    public enum Absent {
        EMPTY,
        DASH
    }

    private interface Node {
        void render(SampleContext c, StringBuilder out, Absent absent);

        /** This node alone as text. */
        default String text(SampleContext c, Absent absent) {
            StringBuilder sb = new StringBuilder();
            render(c, sb, absent);
            return sb.toString();
        }
    }

    private final String text;
    private final Node[] nodes;
    private final String constant;

    private FormatString(String text, Node[] nodes) {
        this.text = text;
        this.nodes = nodes;
        boolean lit = true;
        for (Node n : nodes) {
            lit &= n instanceof Literal;
        }
        this.constant = lit ? render(null, Absent.EMPTY) : null;
    }

    /** A format without any {@code %}: its text. */
    public static FormatString literal(String text) {
        return new FormatString(text, new Node[] {new Literal(text)});
    }

    public String text() {
        return text;
    }

    /** The value when it has no variable part, else null. */
    public String constant() {
        return constant;
    }

    public String render(SampleContext c) {
        return render(c, Absent.EMPTY);
    }

    public String render(SampleContext c, Absent absent) {
        if (absent == Absent.DASH) {
            // before the shortcuts below: a log line of one or two nodes, or a constant one, collapses too
            return logLine(c, new StringBuilder(text.length() + 16));
        }
        if (constant != null) {
            return constant;
        }
        // the usual header value is one sample, or a literal and a sample: no builder to copy out of
        if (nodes.length == 1) {
            return nodes[0].text(c, absent);
        }
        if (nodes.length == 2) {
            if (nodes[0] instanceof Literal l
                    && nodes[1] instanceof Expr x
                    && (x.http() || (!x.flags().quote() && !x.flags().hex()))) {
                // "t=%[date(0,ms)]": the number goes straight into the one string (no text of it to copy; digits
                // need no encoding in an HTTP value either)
                Sample v = x.e().eval(c);
                if (v != null && v.type() == SampleType.SINT) {
                    return withNumber(l.s(), v.number());
                }
                return l.s().concat(x.http() ? HttpValue.text(v) : x.flags().text(v, absent));
            }
            return nodes[0].text(c, absent).concat(nodes[1].text(c, absent));
        }
        StringBuilder sb = new StringBuilder(text.length() + 16);
        for (Node n : nodes) {
            n.render(c, sb, absent);
        }
        return sb.toString();
    }

    /** The last value {@link #withNumber} made: a clock in milliseconds gives the same one to many requests. */
    private record LastNumber(long n, String text) {}

    /**
     * Shared by the event loops without locking: a reader sees null or a whole pair (a record's fields are final),
     * at worst an older one, which it does not use.
     */
    private LastNumber lastNumber;

    private String withNumber(String literal, long n) {
        LastNumber last = lastNumber;
        if (last != null && last.n == n) {
            return last.text;
        }
        String t = literal + n;
        lastNumber = new LastNumber(n, t);
        return t;
    }

    /**
     * A log line: HAProxy reads each run of spaces of a log-format as one separator, and writes a separator only
     * after something that is not one, so a variable that prints nothing (empty {@code %hr} without captures)
     * leaves a single space, and leading separators none.
     */
    private String logLine(SampleContext c, StringBuilder sb) {
        boolean lastSpace = true;
        for (Node n : nodes) {
            if (n instanceof Literal l) {
                String t = l.s();
                for (int i = 0; i < t.length(); i++) {
                    char ch = t.charAt(i);
                    if (ch != ' ') {
                        sb.append(ch);
                        lastSpace = false;
                    } else if (!lastSpace) {
                        sb.append(' ');
                        lastSpace = true;
                    }
                }
                continue;
            }
            int before = sb.length();
            n.render(c, sb, Absent.DASH);
            if (n instanceof Expr x) {
                LogBytes.asUtf8(sb, before, x.flags().quote());
            }
            if (sb.length() != before) {
                lastSpace = false;
            }
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return text;
    }

    private record Literal(String s) implements Node {
        @Override
        public void render(SampleContext c, StringBuilder out, Absent absent) {
            out.append(s);
        }

        @Override
        public String text(SampleContext c, Absent absent) {
            return s;
        }
    }

    private record Flags(boolean quote, boolean hex) {
        static final Flags NONE = new Flags(false, false);

        /** What {@link #append} appends. */
        String text(Sample s, Absent absent) {
            if (!quote && !hex) {
                return s != null ? s.toText() : absent == Absent.DASH ? "-" : "";
            }
            StringBuilder sb = new StringBuilder();
            append(sb, s, absent);
            return sb.toString();
        }

        void append(StringBuilder out, Sample s, Absent absent) {
            if (s == null) {
                // an absent text under +Q is "" (HAProxy's lf_text), else '-' in log lines
                if (quote) {
                    out.append("\"\"");
                } else if (absent == Absent.DASH) {
                    out.append('-');
                }
                return;
            }
            String v = hex && (s.type() == SampleType.SINT || s.type() == SampleType.BOOL)
                    ? String.format("%X", s.toLong())
                    : hex && s.type() == SampleType.BIN
                            ? java.util.HexFormat.of().withUpperCase().formatHex(s.toBytes())
                            : s.toText();
            if (quote) {
                out.append('"').append(v).append('"');
            } else {
                out.append(v);
            }
        }
    }

    /**
     * A {@code %[expression]}. With {@code http} (a format whose result goes into an HTTP message: header values,
     * return bodies, redirect targets, URI parts, map keys, unique-id), the value is written as HAProxy 2.6's
     * LOG_OPT_HTTP writes it: the bytes an HTTP field value cannot hold (0x00-0x08, 0x0A-0x1F, 0x7F) as
     * {@code %XX}, no quotes (+Q does not apply there), nothing for an absent value.
     */
    private record Expr(SampleExpr e, Flags flags, boolean http) implements Node {
        @Override
        public void render(SampleContext c, StringBuilder out, Absent absent) {
            if (http) {
                HttpValue.append(out, e.eval(c));
            } else {
                flags.append(out, e.eval(c), absent);
            }
        }

        @Override
        public String text(SampleContext c, Absent absent) {
            return http ? HttpValue.text(e.eval(c)) : flags.text(e.eval(c), absent);
        }
    }

    /** A {@code %NAME} variable; {@code flags} hold +Q only where HAProxy quotes (see LogVariables.Kind). */
    private record Var(LogVariables.Variable v, Flags flags) implements Node {
        @Override
        public void render(SampleContext c, StringBuilder out, Absent absent) {
            switch (v.kind()) {
                case LIST -> {
                    // %hrl/%hsl: each captured header, separated by spaces; an absent one '-' (or "" quoted)
                    List<String> values = LogVariables.captured(v, c);
                    for (int i = 0; i < values.size(); i++) {
                        if (i > 0) out.append(' ');
                        String h = values.get(i);
                        if (flags.quote()) out.append('"');
                        if (h != null) out.append(h);
                        else if (!flags.quote()) out.append('-');
                        if (flags.quote()) out.append('"');
                    }
                }
                case BRACES -> {
                    // %hr/%hs: nothing at all without captures, quoted or not
                    Sample s = v.value(c);
                    if (s != null && !s.toText().isEmpty()) flags.append(out, s, absent);
                }
                default -> flags.append(out, v.value(c), absent);
            }
        }
    }

    /**
     * @param available phases whose data exist where the string is rendered
     * @param where the keyword for messages
     */
    public static FormatString compile(String text, SampleEnv env, Set<Phase> available, String where)
            throws SampleException {
        return compile(text, env, available, where, false);
    }

    /**
     * A format whose result goes into an HTTP message (HAProxy's LOG_OPT_HTTP: set-header, add-header,
     * replace-header/value, set-path/query/uri/method, replace-uri/path, redirect, return's headers and
     * lf-string/lf-file body, set-map/add-acl keys and values, unique-id-format): see {@link Expr}.
     */
    public static FormatString compileHttp(String text, SampleEnv env, Set<Phase> available, String where)
            throws SampleException {
        return compile(text, env, available, where, true);
    }

    private static FormatString compile(String text, SampleEnv env, Set<Phase> available, String where, boolean http)
            throws SampleException {
        List<Node> nodes = new ArrayList<>();
        StringBuilder lit = new StringBuilder();
        Flags defaults = Flags.NONE;
        int i = 0;
        int n = text.length();
        while (i < n) {
            char ch = text.charAt(i);
            if (ch != '%') {
                lit.append(ch);
                i++;
                continue;
            }
            if (i + 1 < n && text.charAt(i + 1) == '%') {
                lit.append('%');
                i += 2;
                continue;
            }
            i++;
            Flags flags = defaults;
            if (i < n && text.charAt(i) == '{') {
                int close = text.indexOf('}', i);
                if (close < 0) {
                    throw new SampleException("missing '}' after '%{' in '" + text + "'");
                }
                flags = flags(text.substring(i + 1, close), defaults);
                i = close + 1;
            }
            if (i < n && text.charAt(i) == 'o' && (i + 1 == n || !Character.isLetter(text.charAt(i + 1)))) {
                // %o: its flags apply to every later variable (HAProxy's "global options" variable)
                defaults = flags;
                i++;
                continue;
            }
            if (lit.length() > 0) {
                nodes.add(new Literal(lit.toString()));
                lit.setLength(0);
            }
            if (i < n && text.charAt(i) == '[') {
                int close = closingBracket(text, i);
                if (close < 0) {
                    throw new SampleException("missing ']' after '%[' in '" + text + "'");
                }
                // +X does not apply to a sample expression in HAProxy 2.6 (its value is written as a string, log.c's
                // LOG_FMT_EXPR): %{+X}[ssl_c_sha1] is the raw bytes there, not hex; +Q does
                nodes.add(new Expr(
                        SampleParser.compile(text.substring(i + 1, close), env, available, where),
                        new Flags(flags.quote(), false),
                        http));
                i = close + 1;
                continue;
            }
            int start = i;
            while (i < n && Character.isLetter(text.charAt(i))) {
                i++;
            }
            String name = text.substring(start, i);
            if (name.isEmpty()) {
                throw new SampleException("'%' must be followed by a variable name, '[' or '%' in '" + text + "'");
            }
            // the whole run of letters is the name, as HAProxy reads it
            LogVariables.Variable v = LogVariables.lookup(name);
            if (v == null) {
                throw new SampleException("unknown log-format variable '%" + name + "'"
                        + Suggestions.didYouMean(name, LogVariables.names()));
            }
            if (!available.contains(v.needs())) {
                throw new SampleException("log-format variable '%" + v.name() + "' needs "
                        + v.needs().what() + ", which do not exist in " + where);
            }
            // numbers, dates and states are never quoted, and only a few of them take +X (HAProxy 2.6)
            nodes.add(new Var(
                    v,
                    v.kind() == LogVariables.Kind.PLAIN
                            ? new Flags(false, flags.hex() && LogVariables.takesHex(v.name()))
                            : flags));
        }
        if (lit.length() > 0) {
            nodes.add(new Literal(lit.toString()));
        }
        return new FormatString(text, nodes.toArray(new Node[0]));
    }

    private static Flags flags(String spec, Flags defaults) throws SampleException {
        boolean quote = defaults.quote();
        boolean hex = defaults.hex();
        for (String f : spec.split(",")) {
            switch (f) {
                case "+Q" -> quote = true;
                case "-Q" -> quote = false;
                case "+X" -> hex = true;
                case "-X" -> hex = false;
                default -> throw new SampleException("unsupported log-format flag '" + f + "' (hapair has +Q and +X)");
            }
        }
        return new Flags(quote, hex);
    }

    private static int closingBracket(String s, int open) {
        int depth = 0;
        char quote = 0;
        for (int i = open; i < s.length(); i++) {
            char c = s.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
            } else if (c == '\\') {
                i++;
            } else if (c == '[') {
                depth++;
            } else if (c == ']' && --depth == 0) {
                return i;
            }
        }
        return -1;
    }
}
