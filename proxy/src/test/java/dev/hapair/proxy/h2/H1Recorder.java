package dev.hapair.proxy.h2;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * The HTTP/1 server behind a proxy in {@link H2DifferentialIT}: it reads each request with a small parser of its
 * own that keeps the framing (content-length, chunked, none) and records it as one line: request line, fields
 * sorted by lowercased name (the two proxies order them differently and HAProxy lowercases), framing, body and
 * chunk trailers. A complete request is answered {@code 200 ok} with {@code connection: close} (every request
 * gets a fresh server connection, so no case leaves one behind). A head with bytes a parser must refuse is
 * recorded as {@code INVALID}, a request cut short as {@code PARTIAL} when its connection closes or at
 * {@link #reset}.
 */
final class H1Recorder implements AutoCloseable {
    private final ServerSocket ss = new ServerSocket(0, 100, InetAddress.getLoopbackAddress());
    private final List<String> seen = Collections.synchronizedList(new ArrayList<>());
    private final List<Conn> open = Collections.synchronizedList(new ArrayList<>());

    H1Recorder() throws IOException {
        Thread t = new Thread(this::acceptLoop, "h1-recorder");
        t.setDaemon(true);
        t.start();
    }

    int port() {
        return ss.getLocalPort();
    }

    /** What was recorded since the last reset, the requests still incomplete included (then forgotten). */
    List<String> takeSeen() {
        synchronized (open) {
            for (Conn c : open) c.close();
            open.clear();
        }
        synchronized (seen) {
            List<String> out = new ArrayList<>(seen);
            seen.clear();
            Collections.sort(out);
            return out;
        }
    }

    private void acceptLoop() {
        while (!ss.isClosed()) {
            try {
                Socket s = ss.accept();
                Conn c = new Conn(s);
                open.add(c);
                Thread t = new Thread(c::serve, "h1-recorder-conn");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    @Override
    public void close() throws IOException {
        ss.close();
        takeSeen();
    }

    private final class Conn {
        private final Socket s;
        private final ByteArrayOutputStream got = new ByteArrayOutputStream();
        private boolean recorded;

        Conn(Socket s) {
            this.s = s;
        }

        synchronized void close() {
            if (!recorded && got.size() > 0) {
                seen.add("PARTIAL " + firstLine(got.toByteArray()));
                recorded = true;
            }
            try {
                s.close();
            } catch (IOException ignored) {
                // closed already
            }
        }

        void serve() {
            try {
                s.setSoTimeout(8000);
                InputStream in = s.getInputStream();
                OutputStream out = s.getOutputStream();
                byte[] buf = new byte[8192];
                int n;
                while ((n = in.read(buf)) > 0) {
                    String done;
                    synchronized (this) {
                        got.write(buf, 0, n);
                        done = parse(got.toByteArray());
                        if (done != null) {
                            seen.add(done);
                            recorded = true;
                        }
                    }
                    if (done != null) {
                        out.write(("HTTP/1.1 200 OK\r\ncontent-length: 2\r\nconnection: close\r\n\r\nok")
                                .getBytes(StandardCharsets.US_ASCII));
                        out.flush();
                        s.shutdownOutput();
                        // read what may still come (nothing should) until the proxy closes, then close
                        while (in.read(buf) > 0) {
                            // drained
                        }
                        return;
                    }
                }
            } catch (IOException e) {
                // the proxy closed or reset
            } finally {
                close();
            }
        }
    }

    private static String firstLine(byte[] b) {
        String s = new String(b, StandardCharsets.ISO_8859_1);
        int e = s.indexOf("\r\n");
        return e < 0 ? s : s.substring(0, e);
    }

    /** The record of a complete request at the start of {@code b}, or null when it is not complete yet. */
    static String parse(byte[] b) {
        String s = new String(b, StandardCharsets.ISO_8859_1);
        int end = s.indexOf("\r\n\r\n");
        if (end < 0) return null;
        String[] lines = s.substring(0, end).split("\r\n", -1);
        List<String> fields = new ArrayList<>();
        long length = -1;
        boolean chunked = false;
        boolean invalid = false;
        for (int i = 1; i < lines.length; i++) {
            String l = lines[i];
            int c = l.indexOf(':');
            if (c <= 0 || !isToken(l.substring(0, c)) || hasCtl(l) || l.indexOf('\n') >= 0) {
                invalid = true;
                fields.add("!" + l);
                continue;
            }
            String name = l.substring(0, c).toLowerCase(Locale.ROOT);
            String value = l.substring(c + 1).strip();
            fields.add(name + ": " + value);
            if (name.equals("content-length")) {
                try {
                    long v = Long.parseLong(value);
                    if (length >= 0 && length != v) invalid = true;
                    length = v;
                } catch (NumberFormatException e) {
                    invalid = true;
                }
            }
            if (name.equals("transfer-encoding"))
                chunked = value.toLowerCase(Locale.ROOT).endsWith("chunked");
        }
        if (lines[0].indexOf('\n') >= 0 || lines[0].split(" ", -1).length != 3) invalid = true;
        Collections.sort(fields);
        String head = lines[0] + " | " + String.join(" | ", fields);
        if (invalid) return "INVALID " + head;
        int p = end + 4;
        String body;
        String framing;
        if (chunked) {
            StringBuilder sb = new StringBuilder();
            while (true) {
                int le = s.indexOf("\r\n", p);
                if (le < 0) return null;
                int size;
                try {
                    size = Integer.parseInt(s.substring(p, le).split(";")[0].trim(), 16);
                } catch (NumberFormatException e) {
                    return "INVALID chunk size " + head;
                }
                p = le + 2;
                if (size == 0) {
                    String trailers;
                    if (s.startsWith("\r\n", p)) {
                        trailers = "";
                    } else {
                        int te = s.indexOf("\r\n\r\n", p);
                        if (te < 0) return null;
                        trailers = s.substring(p, te).strip();
                    }
                    framing =
                            "chunked" + (trailers.isEmpty() ? "" : " trailers[" + trailers.replace("\r\n", ", ") + "]");
                    break;
                }
                if (p + size + 2 > s.length()) return null;
                sb.append(s, p, p + size);
                p += size + 2;
            }
            body = sb.toString();
        } else if (length >= 0) {
            if (p + length > s.length()) return null;
            body = s.substring(p, p + (int) length);
            framing = "length";
        } else {
            body = "";
            framing = "none";
        }
        return head + " || " + framing + " body=" + body;
    }

    private static boolean isToken(String s) {
        if (s.isEmpty()) return false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!(c >= '0' && c <= '9'
                    || c >= 'a' && c <= 'z'
                    || c >= 'A' && c <= 'Z'
                    || "!#$%&'*+-.^_`|~".indexOf(c) >= 0)) return false;
        }
        return true;
    }

    private static boolean hasCtl(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 && c != '\t' || c == 0x7f) return true;
        }
        return false;
    }
}
