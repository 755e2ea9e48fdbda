package dev.hapair.proxy.h1;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Seeded generator of raw HTTP/1 requests and server responses for the side-by-side differential against
 * HAProxy ({@link FuzzDifferentialIT}). Each case starts from a valid message and takes one to three mutations
 * along the axes where HTTP/1 parsers disagree: every byte at each position class of a header field or the
 * start line, blanks around the colon and the value, Content-Length and Transfer-Encoding forms, lists and
 * duplicates on 1.0 and 1.1, chunk lines (sizes, extensions, blanks, line ends, trailers), request targets and
 * Host forms, bare LF or CR line ends, field counts and sizes near the limits, pipelined bytes,
 * Expect/Connection/Upgrade fields, status lines, interim responses, bodyless statuses with framing, HEAD and
 * close-delimited bodies.
 *
 * <p>Case {@code i} of seed {@code s} depends on nothing else (its own {@link Random}), so a divergence is
 * reproduced by its name alone ({@code fuzz-s-i-axes}); the corpus gets it minimised by hand.
 */
final class FuzzDifferential {
    private static final String[] PROBE = {"GET /probe HTTP/1.1\r\nHost: a\r\n\r\n"};
    /** Bytes that parsers treat specially, drawn more often than the other 240. */
    private static final int[] SPECIAL = {
        0x00, 0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x20, 0x22, 0x2c, 0x3a, 0x3b, 0x7f, 0x80, 0xa0, 0xff, 0x28, 0x2f, 0x40,
        0x5b, 0x7b
    };

    private final long seed;

    FuzzDifferential(long seed) {
        this.seed = seed;
    }

    /** The case of this index: a request (two in three) or a server response. */
    DifferentialIT.Case generate(int index) {
        Random r = new Random(seed * 0x9E3779B97F4A7C15L + index);
        Msg m;
        List<String> axes = new ArrayList<>();
        boolean response = r.nextInt(3) == 0;
        m = response ? baseResponse(r) : baseRequest(r);
        int n = 1 + (r.nextInt(4) == 0 ? 1 + r.nextInt(2) : 0);
        for (int k = 0; k < n; k++) axes.add(response ? mutateResponse(r, m) : mutateRequest(r, m));
        String name = (m.head ? "head-" : "") + "fuzz-" + seed + "-" + index + "-" + String.join("+", axes);
        byte[] request = null;
        if (response && m.clientRequest != null) request = bytes(m.clientRequest);
        return new DifferentialIT.Case(
                response ? "response" : "request", name, bytes(m.serialize()), false, false, request);
    }

    // ---------------------------------------------------------------- message model

    /** A message being built: start line, fields (raw lines without their line end), body bytes, what follows. */
    private static final class Msg {
        String startLine;
        final List<String> fields = new ArrayList<>();
        String body = "";
        String tail = "";
        /** Line ends of the start line and each field, and of the blank line; null means CRLF. */
        String[] eols = new String[0];

        String blankEol = "\r\n";
        boolean head;
        String clientRequest;

        String eol(int i) {
            return i < eols.length && eols[i] != null ? eols[i] : "\r\n";
        }

        String serialize() {
            StringBuilder sb = new StringBuilder(startLine).append(eol(0));
            for (int i = 0; i < fields.size(); i++) sb.append(fields.get(i)).append(eol(i + 1));
            return sb.append(blankEol).append(body).append(tail).toString();
        }

        void removeField(String lowerName) {
            fields.removeIf(f -> f.toLowerCase().startsWith(lowerName + ":"));
        }
    }

    private static Msg baseRequest(Random r) {
        Msg m = new Msg();
        switch (r.nextInt(4)) {
            case 0 -> {
                m.startLine = "GET /p?q=1 HTTP/1.1";
                m.fields.add("Host: a");
                m.fields.add("User-Agent: fz");
            }
            case 1 -> {
                m.startLine = "POST /f HTTP/1.1";
                m.fields.add("Host: a");
                m.fields.add("Content-Length: 5");
                m.body = "hello";
            }
            case 2 -> {
                m.startLine = "POST /c HTTP/1.1";
                m.fields.add("Host: a");
                m.fields.add("Transfer-Encoding: chunked");
                m.body = "5\r\nhello\r\n0\r\n\r\n";
            }
            default -> {
                m.startLine = "GET /p HTTP/1.0";
                m.fields.add("Accept: */*");
            }
        }
        // a second request after it shows where each proxy thinks the first one ended
        if (r.nextBoolean()) m.tail = PROBE[0];
        return m;
    }

    private static Msg baseResponse(Random r) {
        Msg m = new Msg();
        m.startLine = "HTTP/1.1 200 OK";
        m.fields.add("Server: fz");
        switch (r.nextInt(3)) {
            case 0 -> {
                m.fields.add("Content-Length: 5");
                m.body = "hello";
            }
            case 1 -> {
                m.fields.add("Transfer-Encoding: chunked");
                m.body = "5\r\nhello\r\n0\r\n\r\n";
            }
            default -> m.body = "hello"; // until the server closes
        }
        if (r.nextInt(6) == 0) m.head = true;
        else if (r.nextInt(8) == 0) m.clientRequest = "GET / HTTP/1.0\r\n\r\n";
        return m;
    }

    // ---------------------------------------------------------------- requests

    private static String mutateRequest(Random r, Msg m) {
        return switch (r.nextInt(13)) {
            case 0, 1 -> byteInField(r, m);
            case 2 -> byteInStartLine(r, m);
            case 3 -> colonBlanks(r, m);
            case 4, 5 -> framing(r, m, false);
            case 6 -> chunkLines(r, m);
            case 7 -> requestLine(r, m);
            case 8 -> host(r, m);
            case 9 -> lineEnds(r, m);
            case 10 -> limits(r, m);
            case 11 -> pipelined(r, m);
            default -> expectConnectionUpgrade(r, m);
        };
    }

    private static int pickByte(Random r) {
        return r.nextBoolean() ? SPECIAL[r.nextInt(SPECIAL.length)] : r.nextInt(256);
    }

    /** One byte put at the start, middle or end of a field's name or value, or instead of a byte there. */
    private static String byteInField(Random r, Msg m) {
        if (m.fields.isEmpty() || r.nextInt(3) == 0) m.fields.add(r.nextInt(m.fields.size() + 1), "X-Fz: abc");
        int fi = r.nextInt(m.fields.size());
        String f = m.fields.get(fi);
        int colon = f.indexOf(':');
        if (colon < 0) colon = f.length();
        int b = pickByte(r);
        int pos;
        String where;
        switch (r.nextInt(7)) {
            case 0 -> {
                pos = 0;
                where = "name0";
            }
            case 1 -> {
                pos = Math.max(0, colon / 2);
                where = "namemid";
            }
            case 2 -> {
                pos = colon;
                where = "nameend";
            }
            case 3 -> {
                pos = Math.min(f.length(), colon + 1);
                where = "value0";
            }
            case 4 -> {
                pos = Math.min(f.length(), colon + 2 + (f.length() - colon - 2) / 2);
                where = "valuemid";
            }
            case 5 -> {
                pos = f.length();
                where = "valueend";
            }
            default -> {
                pos = Math.min(f.length(), colon + 2);
                where = "valuereplace";
                if (pos < f.length()) f = f.substring(0, pos) + f.substring(pos + 1);
            }
        }
        m.fields.set(fi, f.substring(0, pos) + (char) b + f.substring(pos));
        return String.format("byte%02x-%s", b, where);
    }

    private static String byteInStartLine(Random r, Msg m) {
        String s = m.startLine;
        int sp1 = s.indexOf(' ');
        int sp2 = s.lastIndexOf(' ');
        int[] at = {0, sp1 / 2, sp1, sp1 + 1, (sp1 + sp2) / 2, sp2, sp2 + 1, sp2 + 6, s.length()};
        int pos = Math.min(s.length(), Math.max(0, at[r.nextInt(at.length)]));
        int b = pickByte(r);
        m.startLine = s.substring(0, pos) + (char) b + s.substring(pos);
        return String.format("startbyte%02x-at%d", b, pos);
    }

    private static final String[] BLANKS = {"", " ", "\t", "  ", " \t", "\t ", "\u000b", "\u000c", "\r", "\u00a0"};

    private static String colonBlanks(Random r, Msg m) {
        if (m.fields.isEmpty()) m.fields.add("X-Fz: abc");
        int fi = r.nextInt(m.fields.size());
        String f = m.fields.get(fi);
        int colon = Math.max(0, f.indexOf(':'));
        String name = f.substring(0, colon);
        String value = f.substring(colon + 1).trim();
        int a = r.nextInt(4) == 0 ? r.nextInt(BLANKS.length) : 0;
        int b = r.nextInt(BLANKS.length);
        int c = r.nextInt(3) == 0 ? r.nextInt(BLANKS.length) : 0;
        m.fields.set(fi, name + BLANKS[a] + ":" + BLANKS[b] + value + BLANKS[c]);
        return "blanks" + a + "-" + b + "-" + c;
    }

    private static final String[] CL_VALUES = {
        "5",
        "05",
        "+5",
        "-5",
        "5,5",
        "5, 5",
        "5 ,5",
        "5,6",
        ",5",
        "5,",
        "5,,5",
        " 5 ",
        "",
        "0x5",
        "5.0",
        "5e0",
        "00000000000000000005",
        "99999999999999999999",
        "18446744073709551621",
        "4294967301",
        "5 5",
        "\"5\"",
        "0",
        "6",
        "4"
    };
    private static final String[] TE_VALUES = {
        "chunked",
        "Chunked",
        "CHUNKED",
        "gzip, chunked",
        "chunked, gzip",
        "chunked,",
        ",chunked",
        "chunked, ,",
        "\"chunked\"",
        "chunked;q=1",
        "chunked ;x",
        "identity",
        "identity, chunked",
        "chunked, chunked",
        "chunked ",
        "chunk",
        "chunkedx",
        "x-chunked",
        "chunked\t",
        "gzip",
        "deflate,chunked",
        "chunked, identity",
        ""
    };

    /** Content-Length / Transfer-Encoding fields: forms, lists, duplicates, both together, on 1.0 or 1.1. */
    private static String framing(Random r, Msg m, boolean response) {
        m.removeField("content-length");
        m.removeField("transfer-encoding");
        boolean chunkedBody = r.nextBoolean();
        m.body = chunkedBody ? "5\r\nhello\r\n0\r\n\r\n" : "hello";
        StringBuilder axis = new StringBuilder("framing");
        int n = 1 + (r.nextInt(3) == 0 ? 1 : 0) + (r.nextInt(6) == 0 ? 1 : 0);
        for (int k = 0; k < n; k++) {
            boolean te = chunkedBody ? r.nextInt(4) != 0 : r.nextInt(4) == 0;
            int v = te ? r.nextInt(TE_VALUES.length) : r.nextInt(CL_VALUES.length);
            String name = te ? "Transfer-Encoding" : "Content-Length";
            if (r.nextInt(8) == 0) name = name.toLowerCase();
            m.fields.add(r.nextInt(m.fields.size() + 1), name + ": " + (te ? TE_VALUES[v] : CL_VALUES[v]));
            axis.append(te ? "-te" : "-cl").append(v);
        }
        if (!response && r.nextInt(4) == 0 && m.startLine.endsWith("HTTP/1.1")) {
            m.startLine = m.startLine.substring(0, m.startLine.length() - 1) + "0";
            axis.append("-http10");
        }
        if (response && r.nextInt(5) == 0) {
            m.startLine = "HTTP/1.0" + m.startLine.substring(8);
            axis.append("-http10");
        }
        if (!chunkedBody && r.nextInt(3) == 0) {
            m.body = "hel"; // shorter than announced: the rest never comes (the probe, if any, is read as body)
            axis.append("-short");
        }
        return axis.toString();
    }

    private static final String[] SIZES = {
        "5",
        "05",
        "0005",
        "00000000000000005",
        "5 ",
        "5\t",
        " 5",
        "+5",
        "0x5",
        "-5",
        "5 ;x",
        "5;x",
        "5;x=y",
        "5;x=\"a;b\"",
        "5;x=\"a\r\nb\"",
        "5;",
        "5;;",
        "5; x",
        "5\t;x",
        "5;\u0080",
        "5;\u0001",
        "5x",
        "",
        "ffffffffffffffff5",
        "4",
        "6"
    };
    private static final String[] DATA_ENDS = {"\r\n", "\n", "\r", "", "\r\r\n", " \r\n", "xx\r\n"};
    private static final String[] LASTS = {
        "0\r\n\r\n",
        "0\n\n",
        "0\r\n\n",
        "0\n\r\n",
        "00\r\n\r\n",
        "0;x=y\r\n\r\n",
        "0 \r\n\r\n",
        "0\r\nX-T: 1\r\n\r\n",
        "0\r\nX-T : 1\r\n\r\n",
        "0\r\nX T: 1\r\n\r\n",
        "0\r\nContent-Length: 5\r\n\r\n",
        "0\r\nX-T: 1\n\r\n",
        "0\r\n :x\r\n\r\n",
        "0\r\nX-T: a\r\n b\r\n\r\n",
        "0\r\nX-T: \u0000\r\n\r\n",
        "0\r\n",
        "0\r\n\r"
    };

    private static String chunkLines(Random r, Msg m) {
        m.removeField("content-length");
        m.removeField("transfer-encoding");
        m.fields.add("Transfer-Encoding: chunked");
        int s = r.nextInt(SIZES.length);
        int d = r.nextInt(4) == 0 ? r.nextInt(DATA_ENDS.length) : 0;
        int l = r.nextInt(LASTS.length);
        String size = SIZES[s];
        String sizeEol = r.nextInt(6) == 0 ? (r.nextBoolean() ? "\n" : "\r") : "\r\n";
        m.body = size + sizeEol + "hello" + DATA_ENDS[d] + LASTS[l];
        return "chunk-s" + s + (sizeEol.equals("\r\n") ? "" : sizeEol.equals("\n") ? "lf" : "cr") + "-d" + d + "-l" + l;
    }

    private static final String[] METHODS = {
        "GET",
        "HEAD",
        "POST",
        "PUT",
        "DELETE",
        "OPTIONS",
        "TRACE",
        "PATCH",
        "CONNECT",
        "get",
        "G\u00e9T",
        "G-T",
        "G/T",
        "G(T",
        "M_1",
        "PRI",
        "X".repeat(40)
    };
    private static final String[] TARGETS = {
        "/", "/p?q", "*", "http://a/p", "http://a:80/p", "http://b/p", "https://a/p", "http://a", "http://u@a/p",
        "http://u:p@a/p", "http://[::1]:80/p", "http://[::1/p", "a:80", "a:443", "[::1]:80", "//a/p", "p", "/p#f",
        "/p q", "/%00", "/\u00ff", "HTTP://A/p", "http:/a", "ftp://a/p", "http://a:99999/p", "http://a:/p", "/p?#"
    };
    private static final String[] VERSIONS = {
        "HTTP/1.1",
        "HTTP/1.0",
        "HTTP/1.2",
        "HTTP/2.0",
        "HTTP/0.9",
        "http/1.1",
        "HTTP/1.10",
        "HTTP/01.1",
        "HTTP/1",
        "HTTP/1.1 ",
        "HTTP/ 1.1",
        "HTTPS/1.1",
        "HTTP/1.1x",
        "HTTP/11"
    };
    private static final String[] SEPARATORS = {" ", "  ", "\t", " \t"};

    private static String requestLine(Random r, Msg m) {
        String[] p = m.startLine.split(" ");
        int a = r.nextInt(3) == 0 ? r.nextInt(METHODS.length) : -1;
        int t = r.nextInt(2) == 0 ? r.nextInt(TARGETS.length) : -1;
        int v = r.nextInt(3) == 0 ? r.nextInt(VERSIONS.length) : -1;
        int s = r.nextInt(5) == 0 ? r.nextInt(SEPARATORS.length) : 0;
        if (a < 0 && t < 0 && v < 0) t = r.nextInt(TARGETS.length);
        String method = a < 0 ? p[0] : METHODS[a];
        String target = t < 0 ? (p.length > 2 ? p[1] : "/") : TARGETS[t];
        String version = v < 0 ? p[p.length - 1] : VERSIONS[v];
        m.startLine = method + SEPARATORS[s] + target + " " + version;
        return "line-m" + a + "-t" + t + "-v" + v + "-s" + s;
    }

    private static final String[] HOSTS = {
        "a",
        "a:80",
        "a:",
        "a:8x",
        "b",
        "",
        "u@a",
        "[::1]",
        "[::1]:80",
        "::1",
        "a b",
        "a,b",
        "A",
        "a.",
        "a:080",
        "a:99999",
        "xn--bcher-kva.example",
        "a\t",
        "a/b",
        "a?b"
    };

    private static String host(Random r, Msg m) {
        m.removeField("host");
        int n = r.nextInt(5) == 0 ? 0 : r.nextInt(6) == 0 ? 2 : 1;
        StringBuilder axis = new StringBuilder("host" + n);
        for (int k = 0; k < n; k++) {
            int h = r.nextInt(HOSTS.length);
            m.fields.add(r.nextInt(m.fields.size() + 1), "Host: " + HOSTS[h]);
            axis.append('-').append(h);
        }
        if (r.nextBoolean()) {
            int t = r.nextInt(TARGETS.length);
            String[] p = m.startLine.split(" ");
            m.startLine = p[0] + " " + TARGETS[t] + " " + p[p.length - 1];
            axis.append("-t").append(t);
        }
        return axis.toString();
    }

    private static String lineEnds(Random r, Msg m) {
        int lines = m.fields.size() + 1;
        m.eols = new String[lines];
        String[] kinds = {"\n", "\r", "\r\r\n", "\n\r"};
        StringBuilder axis = new StringBuilder("eol");
        if (r.nextInt(3) == 0) {
            int k = r.nextInt(2);
            java.util.Arrays.fill(m.eols, kinds[k]);
            m.blankEol = kinds[k];
            axis.append("-all").append(k);
        } else {
            int i = r.nextInt(lines + 1);
            int k = r.nextInt(kinds.length);
            if (i == lines) m.blankEol = kinds[k];
            else m.eols[i] = kinds[k];
            axis.append('-').append(i).append('-').append(k);
        }
        return axis.toString();
    }

    /** Field counts around tune.http.maxhdr (101) and heads around tune.bufsize - maxrewrite (15360). */
    private static String limits(Random r, Msg m) {
        if (r.nextBoolean()) {
            int count = 96 + r.nextInt(8) - m.fields.size();
            for (int k = 0; k < count; k++) m.fields.add("X-H" + k + ": v");
            return "fields" + m.fields.size();
        }
        int size = 15200 + r.nextInt(260);
        int have = m.serialize().length() - m.body.length() - m.tail.length();
        int value = Math.max(1, size - have - "X-Big: ".length() - 2);
        m.fields.add("X-Big: " + "x".repeat(value));
        return "headsize" + size;
    }

    private static final String[] PIPELINED = {
        "GET /probe HTTP/1.1\r\nHost: a\r\n\r\n",
        "\r\nGET /probe HTTP/1.1\r\nHost: a\r\n\r\n",
        "POST /probe HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\n\r\nabc",
        "GET /probe HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
        "garbage\r\n\r\n",
        "GET /probe HTTP/1.0\r\n\r\n",
        "GET /probe HTTP/1.1\r\nHost: a\r\n\r\nGET /probe2 HTTP/1.1\r\nHost: a\r\n\r\n",
        "\n",
        "GET /probe HTTP/1.1\r\nHost: a\r\n",
    };

    private static String pipelined(Random r, Msg m) {
        int p = r.nextInt(PIPELINED.length);
        m.tail = PIPELINED[p];
        return "pipe" + p;
    }

    private static final String[] ECU = {
        "Expect: 100-continue",
        "Expect: 100-Continue",
        "Expect: 100-continue, x",
        "Expect: foo",
        "Connection: close",
        "Connection: keep-alive",
        "Connection: Close",
        "Connection: close, keep-alive",
        "Connection: upgrade",
        "Connection: x-fz",
        "Connection: content-length",
        "Connection: transfer-encoding",
        "Connection: host",
        "Upgrade: websocket",
        "Upgrade: h2c",
        "Keep-Alive: timeout=5",
        "Proxy-Connection: close",
        "TE: trailers",
        "Trailer: X-T",
        "X-Fz: 1",
        "Connection:",
        "Connection: ,close,",
        "Upgrade:"
    };

    private static String expectConnectionUpgrade(Random r, Msg m) {
        int n = 1 + r.nextInt(3);
        StringBuilder axis = new StringBuilder("ecu");
        for (int k = 0; k < n; k++) {
            int e = r.nextInt(ECU.length);
            m.fields.add(r.nextInt(m.fields.size() + 1), ECU[e]);
            axis.append('-').append(e);
        }
        return axis.toString();
    }

    // ---------------------------------------------------------------- responses

    private static final String[] STATUS_LINES = {
        "HTTP/1.1 200 OK",
        "HTTP/1.1 200",
        "HTTP/1.1 200 ",
        "HTTP/1.1 200  OK",
        "HTTP/1.1  200 OK",
        "HTTP/1.1 200\tOK",
        "HTTP/1.0 200 OK",
        "HTTP/1.2 200 OK",
        "HTTP/2.0 200 OK",
        "http/1.1 200 OK",
        "HTTP/1.1 2000 OK",
        "HTTP/1.1 20 OK",
        "HTTP/1.1 099 OK",
        "HTTP/1.1 600 OK",
        "HTTP/1.1 999 OK",
        "HTTP/1.1 abc OK",
        "HTTP/1.1 404 Not\u00e9Found",
        "HTTP/1.1 204 No Content",
        "HTTP/1.1 304 Not Modified",
        "HTTP/1.1 205 R",
        "HTTP/1.1 201 \u0001",
        "HTTP/1.1 200 OK\u0000",
        "HTTP/1.1 +200 OK",
        "HTTP/1.1 -200 OK",
        "HTTP/1.1 2 0 OK",
        "HTTP/1.1 100 Continue",
        "HTTP/1.1 101 Switching",
        "HTTP/1.1 103 Early",
        "HTTP/1.1 199 X"
    };
    private static final String[] INTERIMS = {
        "HTTP/1.1 100 Continue\r\n\r\n",
        "HTTP/1.1 103 Early\r\nLink: </a>\r\n\r\n",
        "HTTP/1.1 102 P\r\n\r\n",
        "HTTP/1.1 100 C\r\nContent-Length: 5\r\n\r\n",
        "HTTP/1.1 100 C\r\nTransfer-Encoding: chunked\r\n\r\n",
        "HTTP/1.1 100\r\n\r\n",
        "HTTP/1.1 100 C\n\n",
        "HTTP/1.0 100 C\r\n\r\n",
        "HTTP/1.1 100 C\r\nX: \u0001\r\n\r\n"
    };

    private static String mutateResponse(Random r, Msg m) {
        return switch (r.nextInt(9)) {
            case 0, 1 -> byteInField(r, m);
            case 2 -> colonBlanks(r, m);
            case 3 -> framing(r, m, true);
            case 4 -> chunkLines(r, m);
            case 5 -> {
                int s = r.nextInt(STATUS_LINES.length);
                m.startLine = STATUS_LINES[s];
                yield "status" + s;
            }
            case 6 -> {
                int n = 1 + r.nextInt(2);
                StringBuilder pre = new StringBuilder();
                StringBuilder axis = new StringBuilder("interim");
                for (int k = 0; k < n; k++) {
                    int i = r.nextInt(INTERIMS.length);
                    pre.append(INTERIMS[i]);
                    axis.append('-').append(i);
                }
                m.startLine = pre + m.startLine;
                yield axis.toString();
            }
            case 7 -> lineEnds(r, m);
            default -> {
                int s = r.nextInt(4);
                m.startLine = new String[] {
                            "HTTP/1.1 204 No Content",
                            "HTTP/1.1 304 Not Modified",
                            "HTTP/1.1 205 Reset",
                            "HTTP/1.1 200 OK"
                        }
                        [s];
                if (r.nextBoolean()) m.body = "";
                yield "bodyless" + s + (m.body.isEmpty() ? "-empty" : "");
            }
        };
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }
}
