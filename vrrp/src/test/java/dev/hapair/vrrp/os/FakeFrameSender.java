package dev.hapair.vrrp.os;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** {@link FrameSender} for daemon tests: records every frame. */
public final class FakeFrameSender implements FrameSender {
    private final String interfaceName;
    private final List<byte[]> frames = new ArrayList<>();
    private boolean closed;

    public FakeFrameSender(String interfaceName) {
        this.interfaceName = interfaceName;
    }

    @Override
    public synchronized void send(byte[] ethernetFrame) throws IOException {
        if (closed) {
            throw new IOException("packet socket on " + interfaceName + " is closed");
        }
        frames.add(ethernetFrame.clone());
    }

    public synchronized List<byte[]> frames() {
        return List.copyOf(frames);
    }

    public synchronized boolean isClosed() {
        return closed;
    }

    @Override
    public String interfaceName() {
        return interfaceName;
    }

    @Override
    public synchronized void close() {
        closed = true;
    }
}
