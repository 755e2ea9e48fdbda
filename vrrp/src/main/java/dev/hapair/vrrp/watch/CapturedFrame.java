package dev.hapair.vrrp.watch;

import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;

/** One Ethernet frame as a capture delivered it, with the capture's timestamp. */
public record CapturedFrame(Instant at, byte[] data) {
    public CapturedFrame {
        Objects.requireNonNull(at, "at");
        data = data.clone();
    }

    @Override
    public byte[] data() {
        return data.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CapturedFrame f && at.equals(f.at) && Arrays.equals(data, f.data);
    }

    @Override
    public int hashCode() {
        return at.hashCode() * 31 + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "CapturedFrame[" + at + " " + data.length + " bytes]";
    }
}
