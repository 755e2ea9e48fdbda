package dev.hapair.proxy.tls;

import java.nio.ByteBuffer;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;

/** Test helper: drives two in-memory SSLEngines through a handshake, one round at a time. */
final class EngineHandshake {
    private EngineHandshake() {}

    /** Runs the handshake of server {@code s} and client {@code c} to its end (fails the test if it does not end). */
    static void complete(SSLEngine s, SSLEngine c) throws Exception {
        ByteBuffer c2s = ByteBuffer.allocate(1 << 17);
        ByteBuffer s2c = ByteBuffer.allocate(1 << 17);
        ByteBuffer sink = ByteBuffer.allocate(1 << 17);
        ByteBuffer none = ByteBuffer.allocate(0);
        c.beginHandshake();
        s.beginHandshake();
        for (int i = 0; i < 100 && !(done(s) && done(c)); i++) {
            step(c, none, c2s, s2c, sink);
            step(s, none, s2c, c2s, sink);
        }
        org.junit.jupiter.api.Assertions.assertTrue(
                done(s) && done(c), "handshake " + s.getHandshakeStatus() + "/" + c.getHandshakeStatus());
    }

    private static boolean done(SSLEngine e) {
        HandshakeStatus h = e.getHandshakeStatus();
        return h == HandshakeStatus.NOT_HANDSHAKING || h == HandshakeStatus.FINISHED;
    }

    /** One round for {@code e}: read what the peer wrote to {@code in}, run tasks, write to {@code out}. */
    private static void step(SSLEngine e, ByteBuffer none, ByteBuffer out, ByteBuffer in, ByteBuffer sink)
            throws Exception {
        in.flip();
        while (in.hasRemaining()) {
            int before = in.remaining();
            e.unwrap(in, sink);
            sink.clear();
            runTasks(e);
            if (in.remaining() == before) break;
        }
        in.compact();
        for (int i = 0; i < 4; i++) {
            runTasks(e);
            e.wrap(none, out);
        }
        runTasks(e);
    }

    private static void runTasks(SSLEngine e) {
        Runnable t;
        while ((t = e.getDelegatedTask()) != null) t.run();
    }
}
