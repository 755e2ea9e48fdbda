package dev.hapair.proxy.h2;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http2.DefaultHttp2HeadersDecoder;
import io.netty.handler.codec.http2.DefaultHttp2HeadersEncoder;
import io.netty.handler.codec.http2.Http2Exception;
import io.netty.handler.codec.http2.Http2Headers;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/**
 * A bare HTTP/2 client over a socket, frame by frame, for tests that must send what no well-behaved client
 * sends (floods, malformed blocks). Bounded: reads time out, and every loop in the tests has a fixed count.
 */
final class RawH2Client implements AutoCloseable {
    static final int DATA = 0,
            HEADERS = 1,
            RST_STREAM = 3,
            SETTINGS = 4,
            PING = 6,
            GOAWAY = 7,
            WINDOW_UPDATE = 8,
            CONTINUATION = 9;
    static final int END_STREAM = 1, END_HEADERS = 4, ACK = 1;

    /** One frame read. */
    record Frame(int type, int flags, int stream, byte[] payload) {
        long errorCode() {
            int at = type == GOAWAY ? 4 : 0;
            return ((payload[at] & 0xffL) << 24)
                    | ((payload[at + 1] & 0xff) << 16)
                    | ((payload[at + 2] & 0xff) << 8)
                    | (payload[at + 3] & 0xff);
        }
    }

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;
    private final DefaultHttp2HeadersEncoder encoder = new DefaultHttp2HeadersEncoder();
    private final DefaultHttp2HeadersDecoder decoder = new DefaultHttp2HeadersDecoder(false);

    RawH2Client(int port) throws IOException {
        socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(10_000);
        in = new DataInputStream(socket.getInputStream());
        out = socket.getOutputStream();
        out.write("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        frame(SETTINGS, 0, 0, new byte[0]);
    }

    void frame(int type, int flags, int stream, byte[] payload) throws IOException {
        out.write(encode(type, flags, stream, payload));
    }

    /**
     * {@code count} copies of one frame in a single write: they reach the server together, so it reads them all
     * before it may close (bytes arriving after its close would make the kernel reset the connection, and a reset
     * discards what the client has not read yet, the GOAWAY included).
     */
    void frames(int count, int type, int flags, int stream, byte[] payload) throws IOException {
        byte[] one = encode(type, flags, stream, payload);
        byte[] all = new byte[one.length * count];
        for (int i = 0; i < count; i++) System.arraycopy(one, 0, all, i * one.length, one.length);
        out.write(all);
    }

    private static byte[] encode(int type, int flags, int stream, byte[] payload) {
        byte[] f = new byte[9 + payload.length];
        f[0] = (byte) (payload.length >>> 16);
        f[1] = (byte) (payload.length >>> 8);
        f[2] = (byte) payload.length;
        f[3] = (byte) type;
        f[4] = (byte) flags;
        f[5] = (byte) (stream >>> 24 & 0x7f);
        f[6] = (byte) (stream >>> 16);
        f[7] = (byte) (stream >>> 8);
        f[8] = (byte) stream;
        System.arraycopy(payload, 0, f, 9, payload.length);
        return f;
    }

    byte[] hpack(Http2Headers h) throws Http2Exception {
        ByteBuf b = Unpooled.buffer();
        try {
            encoder.encodeHeaders(1, h, b);
            byte[] a = new byte[b.readableBytes()];
            b.readBytes(a);
            return a;
        } finally {
            b.release();
        }
    }

    void headers(int stream, Http2Headers h, boolean endStream) throws IOException, Http2Exception {
        frame(HEADERS, END_HEADERS | (endStream ? END_STREAM : 0), stream, hpack(h));
    }

    /** A GET of {@code path} on authority {@code x}, over http. */
    static Http2Headers get(String path) {
        return new io.netty.handler.codec.http2.DefaultHttp2Headers()
                .method("GET")
                .scheme("http")
                .path(path)
                .authority("x");
    }

    void rst(int stream, int code) throws IOException {
        frame(RST_STREAM, 0, stream, new byte[] {0, 0, 0, (byte) code});
    }

    void flush() throws IOException {
        out.flush();
    }

    /** The next frame, or null at the end of the connection; 10 s of silence fails the test. */
    Frame read() throws IOException {
        byte[] h = new byte[9];
        try {
            in.readFully(h);
            int len = (h[0] & 0xff) << 16 | (h[1] & 0xff) << 8 | (h[2] & 0xff);
            byte[] p = new byte[len];
            in.readFully(p);
            int stream = (h[5] & 0x7f) << 24 | (h[6] & 0xff) << 16 | (h[7] & 0xff) << 8 | (h[8] & 0xff);
            Frame f = new Frame(h[3], h[4] & 0xff, stream, p);
            if (f.type() == SETTINGS && (f.flags() & ACK) == 0 && !socket.isOutputShutdown())
                frame(SETTINGS, ACK, 0, new byte[0]);
            return f;
        } catch (EOFException e) {
            return null;
        } catch (SocketTimeoutException e) {
            throw new AssertionError("no frame and no close within 10 s");
        } catch (IOException e) {
            return null; // reset by the peer: the connection is gone as well
        }
    }

    /** Reads until a frame of {@code type} (returned) or the end of the connection (null); at most 100000 frames. */
    Frame await(int type) throws IOException {
        for (int i = 0; i < 100_000; i++) {
            Frame f = read();
            if (f == null || f.type() == type) return f;
        }
        return null;
    }

    /** Whether the server closed the connection, reading what it still sent (100000 frames at most). */
    boolean closedByServer() throws IOException {
        for (int i = 0; i < 100_000; i++) {
            if (read() == null) return true;
        }
        return false;
    }

    Http2Headers decode(Frame f) throws Http2Exception {
        ByteBuf b = Unpooled.wrappedBuffer(f.payload());
        try {
            return decoder.decodeHeaders(f.stream(), b);
        } finally {
            b.release();
        }
    }

    /** Sends a FIN (what a client's close sends when it read everything the server sent). */
    void shutdownOutput() throws IOException {
        out.flush();
        socket.shutdownOutput();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
