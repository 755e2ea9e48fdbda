package dev.hapair.vrrp.bgp;

import dev.hapair.vrrp.config.BgpAnnounceConfig;
import java.util.ArrayList;
import java.util.List;

/** ExaBGP's plain-text API lines for a block's routes (ExaBGP 4.2, {@code encoder text}). */
public final class ExabgpCommands {
    private ExabgpCommands() {}

    /** One line per VIP: {@code announce route 192.0.2.10/32 next-hop self}, or the same with {@code withdraw}. */
    public static List<String> lines(BgpAnnounceConfig block, RouteAction.Kind kind) {
        String verb = kind == RouteAction.Kind.ANNOUNCE ? "announce" : "withdraw";
        List<String> out = new ArrayList<>();
        for (BgpAnnounceConfig.Prefix p : block.vips()) {
            out.add(verb + " route " + p + " next-hop " + block.nextHopText());
        }
        return out;
    }
}
