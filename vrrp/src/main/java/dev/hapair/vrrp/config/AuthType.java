package dev.hapair.vrrp.config;

/** {@code auth_type}: PASS is the VRRPv2 simple password (RFC 2338 type 1); AH is IPsec AH (type 2). */
public enum AuthType {
    PASS,
    AH
}
