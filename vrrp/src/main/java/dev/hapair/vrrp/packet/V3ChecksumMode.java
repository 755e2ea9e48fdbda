package dev.hapair.vrrp.packet;

/** How a VRRPv3 checksum is computed: RFC 5798 (pseudo-header) or like older peers (message only). */
public enum V3ChecksumMode {
    /** RFC 5798 section 5.2.8: IPv4 pseudo-header + VRRP message. keepalived's default for IPv4. */
    PSEUDO_HEADER,
    /** Checksum over the VRRP message only, as some VRRPv3 peers compute it (like v2). */
    WITHOUT_PSEUDO_HEADER
}
