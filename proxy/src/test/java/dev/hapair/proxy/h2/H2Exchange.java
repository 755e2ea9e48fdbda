package dev.hapair.proxy.h2;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http2.DefaultHttp2HeadersDecoder;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2Exception;
import io.netty.handler.codec.http2.Http2Headers;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * One client connection of {@link H2DifferentialIT}: writes a case's bytes at once, reads until the proxy closes
 * or stays quiet, and describes what it got in a comparable form: per stream its final status (and body when it
 * is the server's {@code ok}) or its RST_STREAM code, a GOAWAY's code and last stream id, whether the
 * connection closed; when it did not (and no GOAWAY came), whether a new stream on it is still served (the probe).
 * The proxy's own SETTINGS are kept apart ({@link #settings}).
 */
final class H2Exchange {
    /** What a client connection saw. */
    record Outcome(List<String> summary, Map<Integer, Long> settings) {}

    /** Silence that ends the reading once something came for a stream (or a GOAWAY), and before. */
    private static final int QUIET_MS = 400, FIRST_ANSWER_MS = 2000;

    private H2Exchange() {}

    static Outcome run(int port, boolean tls, byte[] bytes, int maxStream) {
        return run(port, tls, bytes, maxStream, false);
    }

    /**
     * @param ackFirst send the preface and SETTINGS, read the proxy's SETTINGS and acknowledge them before the
     *     rest, as real clients do ({@code bytes} must start with the preface and an empty SETTINGS); otherwise all
     *     bytes go in one write and the proxy's SETTINGS are never acknowledged
     */
    static Outcome run(int port, boolean tls, byte[] bytes, int maxStream, boolean ackFirst) {
        try (Socket s = connect(port, tls)) {
            Reader r = new Reader(s, new DataInputStream(s.getInputStream()));
            try {
                int head = 0;
                if (ackFirst) {
                    head = H2Script.PREFACE.length + 9;
                    s.getOutputStream().write(bytes, 0, head);
                    s.getOutputStream().flush();
                    r.readUntilSettings();
                    s.getOutputStream().write(H2Script.frame(4, 1, 0, new byte[0]));
                }
                s.getOutputStream().write(bytes, head, bytes.length - head);
                s.getOutputStream().flush();
            } catch (IOException e) {
                // the proxy closed while we wrote: read what it sent before
            }
            r.readUntilQuiet(4000);
            List<String> out = r.summary();
            if (!r.closed && r.goaway == null) {
                // the connection is still open: is it still usable for a new stream?
                int probe = Math.max(1, (maxStream | 1) + 2);
                ByteArrayOutputStream b = new ByteArrayOutputStream();
                b.writeBytes(H2Script.frame(1, 5, probe, probeBlock()));
                try {
                    s.getOutputStream().write(b.toByteArray());
                    s.getOutputStream().flush();
                    r.streams.clear();
                    r.readUntilQuiet(4000);
                    Map<String, String> events = new LinkedHashMap<>();
                    for (var e : r.streams.entrySet())
                        events.put("s" + e.getKey(), e.getValue().toString());
                    out.add("probe=" + (events.isEmpty() ? "nothing" : String.join(",", events.values()))
                            + (r.goaway != null ? " " + r.goawayText() : "")
                            + (r.closed ? " closed" : ""));
                } catch (IOException e) {
                    out.add("probe=write failed");
                }
            }
            return new Outcome(out, r.settings);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** GET /probe on authority a: a literal block as the corpus's ones. */
    private static byte[] probeBlock() {
        return H2Script.headerBlock("@req:GET:/probe");
    }

    private static Socket connect(int port, boolean tls) throws IOException {
        if (!tls) return new Socket("127.0.0.1", port);
        try {
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, new TrustManager[] {new TrustAll()}, null);
            SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket("127.0.0.1", port);
            SSLParameters p = s.getSSLParameters();
            p.setApplicationProtocols(new String[] {"h2"});
            s.setSSLParameters(p);
            s.startHandshake();
            if (!"h2".equals(s.getApplicationProtocol()))
                throw new IOException("ALPN did not pick h2: " + s.getApplicationProtocol());
            return s;
        } catch (java.security.GeneralSecurityException e) {
            throw new IOException(e);
        }
    }

    /** The test's own certificates: nothing to verify. */
    private static final class TrustAll implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }

    /** Reads frames and keeps what {@link #summary} says of them. */
    private static final class Reader {
        private final Socket socket;
        private final DataInputStream in;
        private final DefaultHttp2HeadersDecoder decoder = new DefaultHttp2HeadersDecoder(false);
        final Map<Integer, StringBuilder> streams = new TreeMap<>();
        final Map<Integer, Long> settings = new TreeMap<>();
        private final ByteArrayOutputStream block = new ByteArrayOutputStream();
        private int blockStream;
        boolean closed;
        String goaway;
        private int pongs;
        private boolean settingsSeen;

        Reader(Socket socket, DataInputStream in) {
            this.socket = socket;
            this.in = in;
        }

        /** Frames until the proxy's SETTINGS (not an acknowledgement) came, at most 5 s. */
        void readUntilSettings() throws IOException {
            long until = System.nanoTime() + 5_000_000_000L;
            while (!closed && settings.isEmpty() && !settingsSeen && System.nanoTime() < until) readUntilQuiet(1);
        }

        /**
         * Frames until the connection ends or nothing comes for {@link #QUIET_MS} after a stream's first frame or a
         * GOAWAY ({@link #FIRST_ANSWER_MS} before: a cold JVM's first answer over TLS can take longer), at most
         * {@code capMs}.
         */
        void readUntilQuiet(long capMs) throws IOException {
            long until = System.nanoTime() + capMs * 1_000_000;
            while (!closed && System.nanoTime() < until) {
                socket.setSoTimeout(streams.isEmpty() && goaway == null ? FIRST_ANSWER_MS : QUIET_MS);
                byte[] h = new byte[9];
                try {
                    in.readFully(h);
                } catch (SocketTimeoutException e) {
                    return; // quiet (a frame header is never split on loopback in practice)
                } catch (EOFException e) {
                    closed = true;
                    return;
                } catch (IOException e) {
                    closed = true; // reset
                    return;
                }
                int len = (h[0] & 0xff) << 16 | (h[1] & 0xff) << 8 | (h[2] & 0xff);
                byte[] p = new byte[len];
                try {
                    in.readFully(p);
                } catch (IOException e) {
                    closed = true;
                    return;
                }
                int stream = (h[5] & 0x7f) << 24 | (h[6] & 0xff) << 16 | (h[7] & 0xff) << 8 | (h[8] & 0xff);
                frame(h[3], h[4] & 0xff, stream, p);
            }
        }

        private StringBuilder stream(int id) {
            return streams.computeIfAbsent(id, k -> new StringBuilder());
        }

        private void frame(int type, int flags, int stream, byte[] p) {
            switch (type) {
                case 0 -> {
                    int from = 0, to = p.length;
                    if ((flags & 8) != 0 && p.length > 0) {
                        from = 1;
                        to = p.length - (p[0] & 0xff);
                    }
                    StringBuilder sb = stream(stream);
                    if (sb.indexOf("200") == 0)
                        sb.append(' ').append(new String(p, from, Math.max(0, to - from), StandardCharsets.ISO_8859_1));
                    if ((flags & 1) != 0) sb.append(" end");
                }
                case 1, 9 -> {
                    if (type == 1) {
                        block.reset();
                        blockStream = stream;
                        int from = 0, to = p.length;
                        if ((flags & 8) != 0) {
                            from = 1;
                            to -= p[0] & 0xff;
                        }
                        if ((flags & 0x20) != 0) from += 5;
                        block.write(p, from, to - from);
                        if ((flags & 1) != 0) stream(stream).append("\u0001"); // END_STREAM on the HEADERS
                    } else {
                        block.write(p, 0, p.length);
                    }
                    if ((flags & 4) != 0) headersDone(blockStream);
                }
                case 3 -> stream(stream)
                        .append(stream(stream).length() > 0 ? " " : "")
                        .append("rst:")
                        .append(code(p, 0));
                case 4 -> {
                    if ((flags & 1) == 0) {
                        settingsSeen = true;
                        for (int i = 0; i + 6 <= p.length; i += 6) {
                            int id = (p[i] & 0xff) << 8 | (p[i + 1] & 0xff);
                            long v = (p[i + 2] & 0xffL) << 24
                                    | (p[i + 3] & 0xff) << 16
                                    | (p[i + 4] & 0xff) << 8
                                    | (p[i + 5] & 0xff);
                            settings.put(id, v);
                        }
                    }
                }
                case 6 -> {
                    if ((flags & 1) != 0) pongs++;
                }
                case 7 -> {
                    int last = (p[0] & 0x7f) << 24 | (p[1] & 0xff) << 16 | (p[2] & 0xff) << 8 | (p[3] & 0xff);
                    goaway = code(p, 4) + ",last=" + last;
                }
                default -> {
                    // WINDOW_UPDATE, PRIORITY...: not part of the comparison
                }
            }
        }

        private void headersDone(int stream) {
            StringBuilder sb = stream(stream);
            boolean end = sb.length() > 0 && sb.charAt(sb.length() - 1) == '\u0001';
            if (end) sb.setLength(sb.length() - 1);
            ByteBuf b = Unpooled.wrappedBuffer(block.toByteArray());
            try {
                Http2Headers h = decoder.decodeHeaders(stream, b);
                CharSequence status = h.status();
                if (status != null && status.charAt(0) != '1') {
                    sb.append(sb.length() > 0 ? " " : "").append(status);
                } else if (status == null) {
                    sb.append(" trailers");
                }
            } catch (Http2Exception e) {
                sb.append(" undecodable");
            } finally {
                b.release();
            }
            if (end) sb.append(" end");
        }

        private static String code(byte[] p, int at) {
            long c = (p[at] & 0xffL) << 24 | (p[at + 1] & 0xff) << 16 | (p[at + 2] & 0xff) << 8 | (p[at + 3] & 0xff);
            Http2Error e = Http2Error.valueOf(c);
            return e == null ? Long.toString(c) : e.name();
        }

        String goawayText() {
            return "goaway(" + goaway + ")";
        }

        /**
         * What was read. With a GOAWAY for an error, a stream's RST_STREAM(NO_ERROR) is left out: the connection
         * error ends every stream, and HAProxy resets the open ones first where the codec does not (RFC 9113 5.4.1
         * asks for neither).
         */
        List<String> summary() {
            List<String> out = new ArrayList<>();
            boolean connectionError = goaway != null && !goaway.startsWith("NO_ERROR");
            for (var e : streams.entrySet()) {
                String v = e.getValue().toString().trim();
                if (connectionError) v = v.replace("rst:NO_ERROR", "").trim();
                if (!v.isEmpty()) out.add("s" + e.getKey() + "=" + v);
            }
            if (pongs > 0) out.add("pong x" + pongs);
            if (goaway != null) out.add(goawayText());
            out.add(closed ? "closed" : "open");
            return out;
        }
    }
}
