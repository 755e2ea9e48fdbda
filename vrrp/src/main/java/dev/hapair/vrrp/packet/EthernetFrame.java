package dev.hapair.vrrp.packet;

import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/** An Ethernet II frame split into addresses, EtherType and payload (no 802.1Q tags). */
public record EthernetFrame(MacAddress destination, MacAddress source, int etherType, byte[] payload) {
    public static final int HEADER_LENGTH = 14;
    public static final int ETHERTYPE_IPV4 = 0x0800;
    public static final int ETHERTYPE_ARP = 0x0806;
    public static final int ETHERTYPE_IPV6 = 0x86dd;

    public EthernetFrame {
        Objects.requireNonNull(destination, "destination");
        Objects.requireNonNull(source, "source");
        payload = payload.clone();
    }

    /** Empty when the frame is shorter than an Ethernet header. */
    public static Optional<EthernetFrame> parse(byte[] frame) {
        if (frame == null || frame.length < HEADER_LENGTH) {
            return Optional.empty();
        }
        return Optional.of(new EthernetFrame(
                MacAddress.fromBytes(frame, 0),
                MacAddress.fromBytes(frame, 6),
                ((frame[12] & 0xff) << 8) | (frame[13] & 0xff),
                Arrays.copyOfRange(frame, HEADER_LENGTH, frame.length)));
    }

    @Override
    public byte[] payload() {
        return payload.clone();
    }

    public byte[] encode() {
        byte[] b = new byte[HEADER_LENGTH + payload.length];
        destination.writeTo(b, 0);
        source.writeTo(b, 6);
        b[12] = (byte) (etherType >>> 8);
        b[13] = (byte) etherType;
        System.arraycopy(payload, 0, b, HEADER_LENGTH, payload.length);
        return b;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EthernetFrame f
                && destination.equals(f.destination)
                && source.equals(f.source)
                && etherType == f.etherType
                && Arrays.equals(payload, f.payload);
    }

    @Override
    public int hashCode() {
        return Objects.hash(destination, source, etherType, Arrays.hashCode(payload));
    }

    @Override
    public String toString() {
        return "EthernetFrame[" + source + " > " + destination + " type=0x" + Integer.toHexString(etherType) + " "
                + payload.length + " bytes]";
    }
}
