package dev.hapair.vrrp.bgp;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Asks the proxy's unix stats socket for {@code show stat}, as {@code echo "show stat" | socat stdio SOCK} does;
 * bounded by a timeout so a wedged proxy reads as "no answer" (unhealthy), never as a hang. Answers are capped
 * at {@link #MAX_ANSWER} bytes.
 */
public final class StatsSocket {
    static final int MAX_ANSWER = 4 << 20;

    private final Path path;
    private final ExecutorService io;

    public StatsSocket(Path path, ExecutorService io) {
        this.path = path;
        this.io = io;
    }

    public Path path() {
        return path;
    }

    /** The parsed {@code show stat}; throws IOException (with the reason) when the proxy does not answer. */
    public ProxyStats showStat(long timeoutMillis) throws IOException {
        SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
        Future<String> answer = io.submit(() -> query(ch));
        try {
            return ProxyStats.parse(answer.get(timeoutMillis, TimeUnit.MILLISECONDS));
        } catch (TimeoutException e) {
            throw new IOException(path + ": no answer within " + timeoutMillis + " ms");
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            throw new IOException(path + ": " + (c.getMessage() != null ? c.getMessage() : c.toString()), c);
        } catch (IllegalArgumentException e) {
            throw new IOException(path + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(path + ": interrupted", e);
        } finally {
            ch.close(); // also ends a read still blocked after a timeout
        }
    }

    private String query(SocketChannel ch) throws IOException {
        ch.connect(UnixDomainSocketAddress.of(path));
        ch.write(ByteBuffer.wrap("show stat\n".getBytes(StandardCharsets.US_ASCII)));
        ch.shutdownOutput();
        ByteBuffer buf = ByteBuffer.allocate(64 * 1024);
        java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
        while (ch.read(buf) >= 0) {
            buf.flip();
            all.write(buf.array(), 0, buf.limit());
            buf.clear();
            if (all.size() > MAX_ANSWER) {
                throw new IOException("answer larger than " + MAX_ANSWER + " bytes");
            }
        }
        return all.toString(StandardCharsets.UTF_8);
    }
}
