package dev.hapair.vrrp.packet;

import java.net.Inet4Address;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * One VRRP advertisement (RFC 3768 section 5.3 for v2, RFC 5798 section 5.2 for v3, IPv4).
 *
 * <p>The interval is kept in one unit, centiseconds, because v3 carries centiseconds and v2 whole seconds;
 * {@link #advertIntervalSeconds()} gives the v2 view. {@code authData} is the 8 v2 authentication bytes
 * (always present in v2, even with auth type 0) and empty for v3. {@code checksum} is the value read from
 * the wire on decode; encoders compute their own and ignore it.
 */
public record VrrpAdvert(
        int version,
        int type,
        int vrid,
        int priority,
        int authType,
        byte[] authData,
        int advertIntervalCentis,
        int checksum,
        List<Inet4Address> addresses)
        implements Advertisement {

    public static final int TYPE_ADVERTISEMENT = 1;
    /** RFC 3768 section 5.3.6: no authentication. */
    public static final int AUTH_NONE = 0;
    /** RFC 2338 simple text password (kept by RFC 3768 for compatibility; keepalived {@code auth_type PASS}). */
    public static final int AUTH_PASS = 1;
    /** RFC 2338 IP Authentication Header (keepalived {@code auth_type AH}); decoded, not implemented. */
    public static final int AUTH_AH = 2;

    public static final int AUTH_DATA_LENGTH = 8;
    /** Priority an owner of the virtual addresses uses (RFC 5798 section 5.2.4). */
    public static final int PRIORITY_OWNER = 255;
    /** Priority a master sends when it stops (RFC 5798 section 5.2.4). */
    public static final int PRIORITY_STOP = 0;
    /** RFC 5798 section 5.2.7: 12-bit field. */
    public static final int MAX_V3_INTERVAL_CENTIS = 0x0fff;

    public VrrpAdvert {
        Objects.requireNonNull(authData, "authData");
        Objects.requireNonNull(addresses, "addresses");
        authData = authData.clone();
        addresses = List.copyOf(addresses);
    }

    /** A v2 advertisement; {@code authData} is zero-padded/truncated to 8 bytes. */
    public static VrrpAdvert v2(
            int vrid, int priority, int authType, byte[] authData, int intervalSeconds, List<Inet4Address> addresses) {
        return new VrrpAdvert(
                2,
                TYPE_ADVERTISEMENT,
                vrid,
                priority,
                authType,
                Arrays.copyOf(authData, AUTH_DATA_LENGTH),
                intervalSeconds * 100,
                0,
                addresses);
    }

    /** A v3 advertisement ({@code intervalCentis} is the 12-bit Max Adver Int). */
    public static VrrpAdvert v3(int vrid, int priority, int intervalCentis, List<Inet4Address> addresses) {
        return new VrrpAdvert(
                3, TYPE_ADVERTISEMENT, vrid, priority, AUTH_NONE, new byte[0], intervalCentis, 0, addresses);
    }

    /** The 8 auth bytes of {@code auth_pass}: UTF-8, zero-padded, truncated to 8 like keepalived. */
    public static byte[] passwordBytes(String password) {
        return Arrays.copyOf(password.getBytes(StandardCharsets.UTF_8), AUTH_DATA_LENGTH);
    }

    @Override
    public byte[] authData() {
        return authData.clone();
    }

    /** The password as text (bytes up to the first zero), for PASS auth. */
    public String authPassword() {
        int n = 0;
        while (n < authData.length && authData[n] != 0) {
            n++;
        }
        return new String(authData, 0, n, StandardCharsets.UTF_8);
    }

    /** The v2 view of the interval (whole seconds; v3 intervals are rounded down). */
    public int advertIntervalSeconds() {
        return advertIntervalCentis / 100;
    }

    public Duration advertInterval() {
        return Duration.ofMillis(advertIntervalCentis * 10L);
    }

    public VrrpAdvert withPriority(int newPriority) {
        return new VrrpAdvert(
                version, type, vrid, newPriority, authType, authData, advertIntervalCentis, checksum, addresses);
    }

    public VrrpAdvert withChecksum(int newChecksum) {
        return new VrrpAdvert(
                version, type, vrid, priority, authType, authData, advertIntervalCentis, newChecksum, addresses);
    }

    /** Length of the VRRP message on the wire. */
    public int encodedLength() {
        return 8 + 4 * addresses.size() + (version == 2 ? AUTH_DATA_LENGTH : 0);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof VrrpAdvert a
                && version == a.version
                && type == a.type
                && vrid == a.vrid
                && priority == a.priority
                && authType == a.authType
                && Arrays.equals(authData, a.authData)
                && advertIntervalCentis == a.advertIntervalCentis
                && checksum == a.checksum
                && addresses.equals(a.addresses);
    }

    @Override
    public int hashCode() {
        return Objects.hash(
                version,
                type,
                vrid,
                priority,
                authType,
                Arrays.hashCode(authData),
                advertIntervalCentis,
                checksum,
                addresses);
    }

    @Override
    public String toString() {
        return "VrrpAdvert[v" + version + " type=" + type + " vrid=" + vrid + " prio=" + priority
                + (version == 2 ? " auth=" + authType + ":" + HexFormat.of().formatHex(authData) : "")
                + " intvl=" + advertIntervalCentis + "cs checksum=0x" + Integer.toHexString(checksum)
                + " addrs="
                + addresses.stream().map(Inet4Address::getHostAddress).toList() + "]";
    }
}
