package dev.hapair.vrrp.packet;

import java.util.Objects;

/** Outcome of decoding or validating a received packet: an advert, or a drop with its reason. */
public sealed interface DecodeResult permits DecodeResult.Accepted, DecodeResult.Dropped {

    /**
     * {@code ipHeader} is null when only the VRRP message was decoded. {@code signed} is non-null when the
     * message was followed by keepalived's 28-byte auth_hmac trailer.
     */
    record Accepted(Ipv4Header ipHeader, VrrpAdvert advert, Signed signed) implements DecodeResult {
        public Accepted {
            Objects.requireNonNull(advert, "advert");
        }

        public Accepted(Ipv4Header ipHeader, VrrpAdvert advert) {
            this(ipHeader, advert, null);
        }
    }

    /**
     * The bytes an auth_hmac trailer is verified against: the VRRP message as received (without trailer) and
     * the 28 trailer bytes. Copies, never shared with a receive buffer.
     */
    record Signed(byte[] message, byte[] trailer) {
        public Signed {
            message = message.clone();
            trailer = trailer.clone();
        }

        @Override
        public byte[] message() {
            return message.clone();
        }

        @Override
        public byte[] trailer() {
            return trailer.clone();
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
