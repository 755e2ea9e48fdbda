package dev.hapair.proxy.tls;

import java.nio.ByteBuffer;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;

/** Test helper: drives two in-memory SSLEngines through a handshake, one round at a time. */
final class EngineHandshake {
    private EngineHandshake() {}

    static boolean done(SSLEngine e) {
        HandshakeStatus h = e.getHandshakeStatus();
        return h == HandshakeStatus.NOT_HANDSHAKING || h == HandshakeStatus.FINISHED;
    }

    /** One round for {@code e}: read what the peer wrote to {@code in}, run tasks, write to {@code out}. */
    static void step(SSLEngine e, ByteBuffer none, ByteBuffer out, ByteBuffer in, ByteBuffer sink) throws Exception {
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

    static void runTasks(SSLEngine e) {
        Runnable t;
        while ((t = e.getDelegatedTask()) != null) t.run();
    }
}
