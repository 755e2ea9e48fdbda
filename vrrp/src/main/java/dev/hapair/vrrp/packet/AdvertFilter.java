package dev.hapair.vrrp.packet;

import dev.hapair.vrrp.auth.AdvertAuthenticator;
import dev.hapair.vrrp.auth.AuthVerdict;
import java.net.InetAddress;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The receive path of one instance: decode, then apply the RFC 3768/5798 section 7.1 checks as keepalived
 * does, counting every outcome in {@link DropCounters}. Never throws.
 *
 * <p>Checks in order: well-formed (see {@link VrrpCodec}), TTL 255, version, VRID, not our own advert, the
 * auth_hmac trailer (see {@link AdvertAuthenticator}), v2 auth type and password, v2 interval equal to ours,
 * same VIP set. v3 adverts with another interval are accepted:
 * RFC 5798 section 6.4.2 has the backup adopt the master's interval. IPv6 adverts ({@link #check6}) go through
 * the same checks with the hop limit in place of the TTL (VRRPv3 only, no v2 authentication).
 */
public final class AdvertFilter {
    private final ReceivePolicy policy;
    private final VrrpCodec codec;
    private final Vrrp6Codec codec6 = new Vrrp6Codec();
    private final DropCounters counters;
    /** Null without an auth_hmac block: then any signed advert is dropped, as keepalived does. */
    private final AdvertAuthenticator authenticator;

    public AdvertFilter(ReceivePolicy policy, VrrpCodec codec, DropCounters counters) {
        this(policy, codec, counters, null);
    }

    public AdvertFilter(
            ReceivePolicy policy, VrrpCodec codec, DropCounters counters, AdvertAuthenticator authenticator) {
        this.policy = Objects.requireNonNull(policy, "policy");
        this.codec = Objects.requireNonNull(codec, "codec");
        this.counters = Objects.requireNonNull(counters, "counters");
        this.authenticator = authenticator;
    }

    public ReceivePolicy policy() {
        return policy;
    }

    public DropCounters counters() {
        return counters;
    }

    /** Decodes and checks an IPv4 packet as a raw socket returns it. */
    public DecodeResult receive(byte[] packet, int off, int len) {
        return check(codec.decodeIpv4(packet, off, len));
    }

    public DecodeResult receive(byte[] packet) {
        return check(codec.decodeIpv4(packet));
    }

    /**
     * Applies the policy to an already decoded packet (a daemon decodes once per socket read and hands the
     * result to the instance owning its VRID), and counts the outcome.
     */
    public DecodeResult check(DecodeResult decoded) {
        DecodeResult r;
        try {
            r = decoded instanceof DecodeResult.Accepted a ? checkPolicy(a) : decoded;
        } catch (RuntimeException e) {
            r = DecodeResult.drop(DropReason.INTERNAL_ERROR, e.toString());
        }
        if (r == null) {
            r = DecodeResult.drop(DropReason.INTERNAL_ERROR, "null decode result");
        }
        count(r instanceof DecodeResult.Dropped d ? d.reason() : null);
        return r;
    }

    private DecodeResult checkPolicy(DecodeResult.Accepted a) {
        VrrpAdvert adv = a.advert();
        Ipv4Header ip = a.ipHeader();
        if (policy.checkTtl() && ip != null && ip.ttl() != Ipv4Header.VRRP_TTL) {
            return DecodeResult.drop(DropReason.BAD_TTL, "TTL " + ip.ttl());
        }
        if (adv.version() != policy.version()) {
            return DecodeResult.drop(
                    DropReason.VERSION_MISMATCH,
                    "VRRPv" + adv.version() + " advert, instance runs v" + policy.version());
        }
        if (adv.vrid() != policy.vrid()) {
            return DecodeResult.drop(DropReason.VRID_MISMATCH, "VRID " + adv.vrid() + ", ours " + policy.vrid());
        }
        if (ip != null && policy.localAddresses().contains(ip.source())) {
            return DecodeResult.drop(
                    DropReason.OWN_ADVERT, "from our own address " + ip.source().getHostAddress());
        }
        DecodeResult.Dropped unauthentic = authenticate(a);
        if (unauthentic != null) {
            return unauthentic;
        }
        if (adv.version() == 2) {
            if (adv.authType() != policy.authType()) {
                return DecodeResult.drop(
                        DropReason.AUTH_TYPE_MISMATCH,
                        "auth type " + adv.authType() + ", expected " + policy.authType());
            }
            if (adv.authType() == VrrpAdvert.AUTH_PASS && !policy.authMatches(adv.authData())) {
                return DecodeResult.drop(DropReason.AUTH_FAILURE, "wrong password");
            }
            if (adv.advertIntervalCentis() != policy.advertIntervalCentis()) {
                return DecodeResult.drop(
                        DropReason.INTERVAL_MISMATCH,
                        "advert interval " + adv.advertIntervalSeconds() + " s, ours "
                                + policy.advertIntervalCentis() / 100 + " s");
            }
        }
        String vipMismatch = vipSetMismatch(adv.addresses());
        return vipMismatch != null ? DecodeResult.drop(DropReason.VIP_SET_MISMATCH, vipMismatch) : a;
    }

    /** Null when the advert lists exactly our VIPs (each once), else why not. */
    private String vipSetMismatch(List<? extends InetAddress> listed) {
        Set<InetAddress> theirs = new HashSet<>(listed);
        if (theirs.size() != listed.size() || !theirs.equals(policy.vips())) {
            return "advert lists " + listed + ", ours " + policy.vips();
        }
        return null;
    }

    /**
     * The IPv6 receive path (RFC 5798 section 7.1 over IPv6): decodes a packet as {@code RawAdvert6Channel}
     * delivers it (its IPv6 header rebuilt from the ancillary data), applies the policy and counts the outcome.
     */
    public Vrrp6DecodeResult receive6(byte[] packet) {
        return check6(codec6.decodeIpv6(packet));
    }

    /** Applies the policy to an already decoded IPv6 advert and counts the outcome, like {@link #check}. */
    public Vrrp6DecodeResult check6(Vrrp6DecodeResult decoded) {
        Vrrp6DecodeResult r;
        try {
            r = decoded instanceof Vrrp6DecodeResult.Accepted a ? checkPolicy6(a) : decoded;
        } catch (RuntimeException e) {
            r = Vrrp6DecodeResult.drop(DropReason.INTERNAL_ERROR, e.toString());
        }
        if (r == null) {
            r = Vrrp6DecodeResult.drop(DropReason.INTERNAL_ERROR, "null decode result");
        }
        count(r instanceof Vrrp6DecodeResult.Dropped d ? d.reason() : null);
        return r;
    }

    /** Counts one outcome: accepted when {@code dropped} is null. */
    private void count(DropReason dropped) {
        if (dropped == null) {
            counters.accept();
        } else {
            counters.drop(dropped);
        }
    }

    private Vrrp6DecodeResult checkPolicy6(Vrrp6DecodeResult.Accepted a) {
        Vrrp6Advert adv = a.advert();
        Ipv6Header ip = a.ipHeader();
        if (policy.checkTtl() && (ip == null || ip.hopLimit() != Ipv6Header.VRRP_HOP_LIMIT)) {
            return Vrrp6DecodeResult.drop(
                    DropReason.BAD_TTL, ip == null ? "hop limit unknown" : "hop limit " + ip.hopLimit());
        }
        if (policy.version() != 3) {
            return Vrrp6DecodeResult.drop(
                    DropReason.VERSION_MISMATCH, "VRRPv3 advert over IPv6, instance runs v" + policy.version());
        }
        if (adv.vrid() != policy.vrid()) {
            return Vrrp6DecodeResult.drop(DropReason.VRID_MISMATCH, "VRID " + adv.vrid() + ", ours " + policy.vrid());
        }
        if (ip != null && policy.localAddresses().contains(ip.source())) {
            return Vrrp6DecodeResult.drop(
                    DropReason.OWN_ADVERT, "from our own address " + ip.source().getHostAddress());
        }
        if (authenticator != null) {
            // refused at -t: keepalived's auth_hmac over IPv6 is not implemented, so nothing can verify it
            return Vrrp6DecodeResult.drop(DropReason.INTERNAL_ERROR, "auth_hmac is not implemented for IPv6");
        }
        String vipMismatch = vipSetMismatch(adv.addresses());
        return vipMismatch != null ? Vrrp6DecodeResult.drop(DropReason.VIP_SET_MISMATCH, vipMismatch) : a;
    }

    /**
     * keepalived authenticates right after the version check, before any field reaches the state machine:
     * null when the advert may go on, else the drop.
     */
    private DecodeResult.Dropped authenticate(DecodeResult.Accepted a) {
        DecodeResult.Signed signed = a.signed();
        if (authenticator == null) {
            return signed == null
                    ? null
                    : DecodeResult.drop(
                            DropReason.UNEXPECTED_AUTH_TRAILER,
                            "advert carries an auth_hmac trailer but this instance has no auth_hmac block");
        }
        if (a.ipHeader() == null) {
            return DecodeResult.drop(DropReason.INTERNAL_ERROR, "no IP source to verify the auth_hmac trailer");
        }
        VrrpAdvert adv = a.advert();
        AuthVerdict v = signed == null
                ? authenticator.verify(
                        null,
                        0,
                        0,
                        null,
                        adv.version(),
                        adv.vrid(),
                        a.ipHeader().source())
                : authenticator.verify(
                        signed.message(),
                        0,
                        signed.message().length,
                        signed.trailer(),
                        adv.version(),
                        adv.vrid(),
                        a.ipHeader().source());
        String from = " from " + a.ipHeader().source().getHostAddress();
        return switch (v) {
            case ACCEPTED -> null;
            case MISSING -> DecodeResult.drop(DropReason.AUTH_HMAC_MISSING, "missing authentication trailer" + from);
            case MALFORMED -> DecodeResult.drop(
                    DropReason.AUTH_HMAC_MALFORMED, "malformed authentication trailer" + from);
            case UNKNOWN_KEY -> DecodeResult.drop(
                    DropReason.AUTH_HMAC_UNKNOWN_KEY,
                    "unknown authentication key id " + (signed.trailer()[1] & 0xff) + from);
            case BAD_HMAC -> DecodeResult.drop(DropReason.AUTH_HMAC_BAD_HMAC, "invalid authentication HMAC" + from);
            case STALE -> DecodeResult.drop(
                    DropReason.AUTH_HMAC_STALE,
                    "stale authentication trailer" + from + ", clock skew "
                            + authenticator.skewSeconds(signed.trailer()) + " sec exceeds window "
                            + authenticator.config().timeWindowSeconds() + " sec");
            case REPLAY -> DecodeResult.drop(DropReason.AUTH_HMAC_REPLAY, "replayed authentication trailer" + from);
        };
    }
}
