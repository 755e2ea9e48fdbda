package dev.hapair.vrrp.packet;

import java.util.Objects;

/** Outcome of decoding or validating a received packet: an advert, or a drop with its reason. */
public sealed interface DecodeResult permits DecodeResult.Accepted, DecodeResult.Dropped {

    /** {@code ipHeader} is null when only the VRRP message was decoded. */
    record Accepted(Ipv4Header ipHeader, VrrpAdvert advert) implements DecodeResult {
        public Accepted {
            Objects.requireNonNull(advert, "advert");
        }
    }

    record Dropped(DropReason reason, String detail) implements DecodeResult {
        public Dropped {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(detail, "detail");
        }
    }

    static Dropped drop(DropReason reason, String detail) {
        return new Dropped(reason, detail);
    }

    default boolean accepted() {
        return this instanceof Accepted;
    }
}
