package dev.hapair.vrrp.watch;

import dev.hapair.vrrp.packet.ArpPacket;
import dev.hapair.vrrp.packet.DropReason;
import dev.hapair.vrrp.packet.Ipv4Header;
import dev.hapair.vrrp.packet.Ipv6Header;
import dev.hapair.vrrp.packet.MacAddress;
import dev.hapair.vrrp.packet.NeighbourAdvertFrames;
import dev.hapair.vrrp.packet.Vrrp6Advert;
import dev.hapair.vrrp.packet.VrrpAdvert;
import java.time.Instant;
import java.util.Objects;

/**
 * A captured frame as {@link WireDecoder} understood it: a VRRP advert over IPv4 or IPv6, an ARP packet, or
 * neither.
 */
public sealed interface WireFrame
        permits WireFrame.Advert, WireFrame.Advert6, WireFrame.Arp, WireFrame.Na, WireFrame.Undecoded {

    Instant at();

    /** The frame's bytes as captured (Ethernet header first). */
    byte[] bytes();

    /** A well-formed VRRP advert (the codec verified length and checksum), with its IP header. */
    record Advert(
            Instant at, MacAddress sourceMac, MacAddress destinationMac, Ipv4Header ip, VrrpAdvert advert, byte[] bytes)
            implements WireFrame {
        public Advert {
            Objects.requireNonNull(at, "at");
            Objects.requireNonNull(ip, "ip");
            Objects.requireNonNull(advert, "advert");
            bytes = bytes.clone();
        }

        @Override
        public byte[] bytes() {
            return bytes.clone();
        }
    }

    /** A well-formed VRRPv3 advert over IPv6 (length and pseudo-header checksum verified), with its IPv6 header. */
    record Advert6(
            Instant at,
            MacAddress sourceMac,
            MacAddress destinationMac,
            Ipv6Header ip,
            Vrrp6Advert advert,
            byte[] bytes)
            implements WireFrame {
        public Advert6 {
            Objects.requireNonNull(at, "at");
            Objects.requireNonNull(ip, "ip");
            Objects.requireNonNull(advert, "advert");
            bytes = bytes.clone();
        }

        @Override
        public byte[] bytes() {
            return bytes.clone();
        }
    }

    /**
     * An IPv6 neighbour advertisement with a target link-layer address (checksum verified); {@code unsolicited}
     * when it went to a multicast destination (all nodes) rather than answering one solicitor.
     */
    record Na(Instant at, NeighbourAdvertFrames.Advert na, boolean unsolicited, byte[] bytes) implements WireFrame {
        public Na {
            Objects.requireNonNull(at, "at");
            Objects.requireNonNull(na, "na");
            bytes = bytes.clone();
        }

        @Override
        public byte[] bytes() {
            return bytes.clone();
        }
    }

    /** An Ethernet/IPv4 ARP packet (gratuitous or not). */
    record Arp(Instant at, ArpPacket arp, byte[] bytes) implements WireFrame {
        public Arp {
            Objects.requireNonNull(at, "at");
            Objects.requireNonNull(arp, "arp");
            bytes = bytes.clone();
        }

        @Override
        public byte[] bytes() {
            return bytes.clone();
        }
    }

    /**
     * Anything else: {@code reason} is the codec's drop reason for an IPv4 or IPv6 protocol-112 packet that is not a
     * valid advert, null for frames that are not VRRP or ARP at all.
     */
    record Undecoded(Instant at, DropReason reason, String detail, byte[] bytes) implements WireFrame {
        public Undecoded {
            Objects.requireNonNull(at, "at");
            Objects.requireNonNull(detail, "detail");
            bytes = bytes.clone();
        }

        @Override
        public byte[] bytes() {
            return bytes.clone();
        }
    }
}
