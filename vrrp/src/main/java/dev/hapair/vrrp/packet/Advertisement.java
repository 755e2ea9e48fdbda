package dev.hapair.vrrp.packet;

/**
 * The header fields of a VRRP advert that the state machine decides on, whatever the address family: an IPv4
 * advert ({@link VrrpAdvert}, v2 or v3) or an IPv6 one ({@link Vrrp6Advert}, always v3). The address lists and
 * authentication are checked by the receive filter before an advert reaches the state machine.
 */
public sealed interface Advertisement permits VrrpAdvert, Vrrp6Advert {
    int version();

    int vrid();

    int priority();

    /** Max Adver Int in centiseconds (v2 whole seconds times 100). */
    int advertIntervalCentis();
}
