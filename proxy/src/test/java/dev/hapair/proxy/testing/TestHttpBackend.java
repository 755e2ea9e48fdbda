package dev.hapair.proxy.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A deliberately simple blocking HTTP/1.1 server for proxy tests (thread per connection), whose
 * behaviour is chosen by path so a test can make it misbehave on purpose:
 * {@code /echo} (body back, chunked), {@code /continue} (honours Expect: 100-continue),
 * {@code /die} (closes without answering), {@code /slow} (answers after 2 s), {@code /half} (closes
 * mid-body), {@code /headers} (request head back); anything else answers the server's name.
 */
public final class TestHttpBackend implements AutoCloseable {
    private final String name;
    private final ServerSocket socket;
    private final Thread acceptor;
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    public final AtomicInteger connections = new AtomicInteger();
    public final AtomicInteger requests = new AtomicInteger();
    public volatile Map<String, String> lastHeaders = Map.of();
    /** Bytes of {@code /big} (64 MiB, chunked) written so far. */
    public final java.util.concurrent.atomic.AtomicLong bigWritten = new java.util.concurrent.atomic.AtomicLong();

    public TestHttpBackend(String name) throws IOException {
        this.name = name;
        this.socket = new ServerSocket();
        socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        acceptor = new Thread(this::acceptLoop, "backend-" + name);
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** Connections open now (the peer has not closed them yet, as far as this server has read). */
    public int openConnections() {
        return open.size();
    }

    public int port() {
        return socket.getLocalPort();
    }

    public String name() {
        return name;
    }

    private void acceptLoop() {
        while (!socket.isClosed()) {
            try {
                Socket s = socket.accept();
                int number = connections.incrementAndGet();
                open.add(s);
                Thread t = new Thread(() -> serve(s, number), "backend-" + name + "-conn");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket s, int number) {
        try (s) {
            InputStream in = s.getInputStream();
            OutputStream out = s.getOutputStream();
            while (true) {
                String head = readHead(in);
                if (head == null) return;
                requests.incrementAndGet();
                String[] lines = head.split("\r\n");
                String[] reqLine = lines[0].split(" ");
                String path = reqLine[1];
                Map<String, String> headers = new LinkedHashMap<>();
                for (int i = 1; i < lines.length; i++) {
                    int c = lines[i].indexOf(':');
                    String k = lines[i].substring(0, c).trim().toLowerCase(Locale.ROOT);
                    String v = lines[i].substring(c + 1).trim();
                    headers.merge(k, v, (a, b) -> a + ", " + b);
                }
                lastHeaders = headers;
                boolean close = "close".equalsIgnoreCase(headers.get("connection"));
                if (path.startsWith("/die")) return;
                if (path.startsWith("/continue") && "100-continue".equalsIgnoreCase(headers.get("expect"))) {
                    out.write("HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                }
                byte[] body = readBody(in, headers);
                if (path.startsWith("/slow")) Thread.sleep(2000);
                if (path.startsWith("/big")) {
                    out.write("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                            .getBytes(StandardCharsets.US_ASCII));
                    byte[] chunk = new byte[65536];
                    for (int i = 0; i < 1024; i++) {
                        out.write("10000\r\n".getBytes(StandardCharsets.US_ASCII));
                        out.write(chunk);
                        out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                        bigWritten.addAndGet(chunk.length);
                    }
                    out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                } else if (path.startsWith("/echo")) {
                    writeChunked(out, body, close);
                } else if (path.startsWith("/half")) {
                    out.write("HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n0123456789"
                            .getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    return;
                } else if (path.startsWith("/conn")) { // which of this server's connections carried it
                    writeFixed(out, ("conn " + number + "\n").getBytes(StandardCharsets.US_ASCII), close);
                } else if (path.startsWith("/headers")) {
                    writeFixed(out, head.getBytes(StandardCharsets.ISO_8859_1), close);
                } else if (path.startsWith("/continue")) {
                    writeFixed(out, ("got " + body.length + "\n").getBytes(StandardCharsets.US_ASCII), close);
                } else {
                    writeFixed(out, (name + "\n").getBytes(StandardCharsets.US_ASCII), close);
                }
                if (close) return;
            }
        } catch (IOException | InterruptedException e) {
            // connection ended
        } finally {
            open.remove(s);
        }
    }

    private static void writeFixed(OutputStream out, byte[] body, boolean close) throws IOException {
        String h = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: " + body.length + "\r\n"
                + (close ? "Connection: close\r\n" : "") + "\r\n";
        out.write(h.getBytes(StandardCharsets.US_ASCII));
        out.write(body);
        out.flush();
    }

    private static void writeChunked(OutputStream out, byte[] body, boolean close) throws IOException {
        out.write(
                ("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n" + (close ? "Connection: close\r\n" : "") + "\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
        int off = 0;
        while (off < body.length) {
            int n = Math.min(7000, body.length - off);
            out.write((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(body, off, n);
            out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
            off += n;
        }
        out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int state = 0;
        while (true) {
            int c = in.read();
            if (c < 0) return null;
            b.write(c);
            state = switch (state) {
                case 0 -> c == '\r' ? 1 : 0;
                case 1 -> c == '\n' ? 2 : 0;
                case 2 -> c == '\r' ? 3 : 0;
                case 3 -> c == '\n' ? 4 : 0;
                default -> 0;
            };
            if (state == 4) {
                String s = b.toString(StandardCharsets.ISO_8859_1);
                return s.substring(0, s.length() - 4);
            }
        }
    }

    static byte[] readBody(InputStream in, Map<String, String> headers) throws IOException {
        if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            while (true) {
                String sizeLine = readLine(in);
                int size = Integer.parseInt(sizeLine.split(";")[0].trim(), 16);
                if (size == 0) {
                    while (!readLine(in).isEmpty()) {
                        /* trailers */
                    }
                    return b.toByteArray();
                }
                b.write(in.readNBytes(size));
                readLine(in);
            }
        }
        String cl = headers.get("content-length");
        if (cl == null) return new byte[0];
        return in.readNBytes(Integer.parseInt(cl));
    }

    static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int prev = -1;
        while (true) {
            int c = in.read();
            if (c < 0) throw new IOException("eof");
            if (prev == '\r' && c == '\n') {
                byte[] a = b.toByteArray();
                return new String(a, 0, a.length - 1, StandardCharsets.ISO_8859_1);
            }
            b.write(c);
            prev = c;
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
        for (Socket s : open) s.close();
    }
}
