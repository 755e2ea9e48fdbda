package dev.hapair.vrrp.packet;

import java.util.Objects;

/** Outcome of decoding a VRRPv3-over-IPv6 packet: an advert with its IPv6 header, or a drop with its reason. */
public sealed interface Vrrp6DecodeResult permits Vrrp6DecodeResult.Accepted, Vrrp6DecodeResult.Dropped {

    /** {@code ipHeader} is null when only the VRRP message was decoded. */
    record Accepted(Ipv6Header ipHeader, Vrrp6Advert advert) implements Vrrp6DecodeResult {
        public Accepted {
            Objects.requireNonNull(advert, "advert");
        }
    }

    record Dropped(DropReason reason, String detail) implements Vrrp6DecodeResult {
        public Dropped {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(detail, "detail");
        }
    }

    static Dropped drop(DropReason reason, String detail) {
        return new Dropped(reason, detail);
    }
}
