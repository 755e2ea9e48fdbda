package dev.hapair.vrrp.packet;

import java.net.Inet6Address;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * One VRRPv3 advertisement over IPv6 (RFC 5798 section 5.2): always version 3, type 1, no authentication,
 * IPv6 addresses of 16 bytes each. {@code checksum} is the value read from the wire on decode; the encoder
 * computes its own (with the IPv6 pseudo-header) and ignores it.
 */
public record Vrrp6Advert(int vrid, int priority, int advertIntervalCentis, int checksum, List<Inet6Address> addresses)
        implements Advertisement {
    static final int ADDRESS_LENGTH = 16;

    public Vrrp6Advert {
        Objects.requireNonNull(addresses, "addresses");
        addresses = List.copyOf(addresses);
    }

    /** RFC 5798 defines only VRRPv3 over IPv6. */
    @Override
    public int version() {
        return 3;
    }

    /** An advert to encode (checksum left to the encoder). */
    public static Vrrp6Advert of(int vrid, int priority, int intervalCentis, List<Inet6Address> addresses) {
        return new Vrrp6Advert(vrid, priority, intervalCentis, 0, addresses);
    }

    /** The same advert with checksum 0, as {@link #of} builds it: compares a decoded advert with one to send. */
    public Vrrp6Advert withoutChecksum() {
        return new Vrrp6Advert(vrid, priority, advertIntervalCentis, 0, addresses);
    }

    public Duration advertInterval() {
        return Duration.ofMillis(advertIntervalCentis * 10L);
    }

    /** Length of the VRRP message on the wire. */
    public int encodedLength() {
        return VrrpCodec.HEADER_LENGTH + ADDRESS_LENGTH * addresses.size();
    }

    @Override
    public String toString() {
        return "Vrrp6Advert[v3 vrid=" + vrid + " prio=" + priority + " intvl=" + advertIntervalCentis
                + "cs checksum=0x" + Integer.toHexString(checksum) + " addrs="
                + addresses.stream().map(Inet6Address::getHostAddress).toList() + "]";
    }
}
