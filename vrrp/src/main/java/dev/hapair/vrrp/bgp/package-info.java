/**
 * BGP mode: {@code hapair-vrrp bgp} runs as ExaBGP's {@code process} and writes {@code announce route VIP/32
 * next-hop self} on its standard output while a {@code bgp_announce} block's trackers say the node is healthy,
 * {@code withdraw route ...} the moment they do not. Decisions are pure ({@link AnnounceMachine}); the
 * daemon ({@link BgpDaemon}) only wires trackers, the proxy's stats socket, the clock and ExaBGP's pipe.
 */
package dev.hapair.vrrp.bgp;
