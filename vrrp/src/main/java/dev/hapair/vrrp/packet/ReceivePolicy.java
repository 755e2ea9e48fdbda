package dev.hapair.vrrp.packet;

import java.net.InetAddress;
import java.util.Arrays;
import java.util.Objects;
import java.util.Set;

/**
 * What one VRRP instance accepts (RFC 3768 section 7.1, RFC 5798 section 7.1, keepalived's checks).
 *
 * @param version              2 or 3: adverts of the other version are dropped
 * @param vrid                 our virtual router id
 * @param authType             v2 only: {@link VrrpAdvert#AUTH_NONE} or {@link VrrpAdvert#AUTH_PASS}
 * @param authData             v2 PASS: the 8 password bytes (see {@link VrrpAdvert#passwordBytes})
 * @param advertIntervalCentis our interval; v2 adverts must carry the same, v3 may differ (the backup
 *                             adopts the master's)
 * @param vips                 our virtual addresses: adverts listing another set are dropped
 * @param checkTtl             require TTL (IPv6: hop limit) 255; keepalived skips this in unicast mode
 * @param localAddresses       our own addresses: adverts from them are our own, looped back (may be empty)
 */
public record ReceivePolicy(
        int version,
        int vrid,
        int authType,
        byte[] authData,
        int advertIntervalCentis,
        Set<InetAddress> vips,
        boolean checkTtl,
        Set<InetAddress> localAddresses) {
    public ReceivePolicy {
        if (version != 2 && version != 3) {
            throw new IllegalArgumentException("version must be 2 or 3: " + version);
        }
        Objects.requireNonNull(authData, "authData");
        authData = Arrays.copyOf(authData, VrrpAdvert.AUTH_DATA_LENGTH);
        vips = Set.copyOf(vips);
        localAddresses = Set.copyOf(localAddresses);
    }

    /** A multicast v2 policy (TTL checked, no loopback filter). */
    public static ReceivePolicy v2(
            int vrid, int authType, byte[] authData, int intervalSeconds, Set<? extends InetAddress> vips) {
        return new ReceivePolicy(2, vrid, authType, authData, intervalSeconds * 100, Set.copyOf(vips), true, Set.of());
    }

    /** A multicast v3 policy (TTL or hop limit checked, no loopback filter), IPv4 or IPv6 by its VIPs. */
    public static ReceivePolicy v3(int vrid, int intervalCentis, Set<? extends InetAddress> vips) {
        return new ReceivePolicy(
                3, vrid, VrrpAdvert.AUTH_NONE, new byte[0], intervalCentis, Set.copyOf(vips), true, Set.of());
    }

    public ReceivePolicy withCheckTtl(boolean check) {
        return new ReceivePolicy(version, vrid, authType, authData, advertIntervalCentis, vips, check, localAddresses);
    }

    public ReceivePolicy withLocalAddresses(Set<? extends InetAddress> local) {
        return new ReceivePolicy(
                version, vrid, authType, authData, advertIntervalCentis, vips, checkTtl, Set.copyOf(local));
    }

    @Override
    public byte[] authData() {
        return authData.clone();
    }

    boolean authMatches(byte[] other) {
        return Arrays.equals(authData, other);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ReceivePolicy p
                && version == p.version
                && vrid == p.vrid
                && authType == p.authType
                && Arrays.equals(authData, p.authData)
                && advertIntervalCentis == p.advertIntervalCentis
                && vips.equals(p.vips)
                && checkTtl == p.checkTtl
                && localAddresses.equals(p.localAddresses);
    }

    @Override
    public int hashCode() {
        return Objects.hash(
                version,
                vrid,
                authType,
                Arrays.hashCode(authData),
                advertIntervalCentis,
                vips,
                checkTtl,
                localAddresses);
    }

    @Override
    public String toString() {
        return "ReceivePolicy[v" + version + " vrid=" + vrid + " auth=" + authType + " intvl=" + advertIntervalCentis
                + "cs vips=" + vips + " checkTtl=" + checkTtl + " local=" + localAddresses + "]";
    }
}
