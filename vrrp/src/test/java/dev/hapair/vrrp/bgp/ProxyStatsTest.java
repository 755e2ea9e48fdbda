package dev.hapair.vrrp.bgp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class ProxyStatsTest {
    /** The head of HAProxy 2.6's show stat (first columns up to status), as both proxies print it. */
    static final String CSV =
            """
            # pxname,svname,qcur,qmax,scur,smax,slim,stot,bin,bout,dreq,dresp,ereq,econ,eresp,wretr,wredis,status,weight,
            fe,FRONTEND,,,3,5,2000,10,0,0,0,0,0,,,,,OPEN,,
            stats,FRONTEND,,,1,1,2000,1,0,0,0,0,0,,,,,OPEN,,
            web,s1,0,0,1,2,,5,0,0,,0,,0,0,0,0,UP,1,
            web,s2,0,0,0,1,,5,0,0,,0,,0,0,0,0,DOWN,1,
            web,s3,0,0,0,1,,5,0,0,,0,,0,0,0,0,UP 1/3,1,
            web,s4,0,0,0,1,,5,0,0,,0,,0,0,0,0,no check,1,
            web,s5,0,0,0,1,,5,0,0,,0,,0,0,0,0,MAINT,1,
            web,s6,0,0,0,1,,5,0,0,,0,,0,0,0,0,DRAIN,0,
            web,BACKEND,0,0,1,2,200,5,0,0,0,0,,0,0,0,0,UP,3,
            empty,BACKEND,0,0,0,0,200,0,0,0,0,0,,0,0,0,0,DOWN,0,
            """;

    @Test
    void nbsrvCountsUsableServersOnly() {
        ProxyStats s = ProxyStats.parse(CSV);
        assertEquals(OptionalInt.of(3), s.usableServers("web"), "UP, UP 1/3 (going down) and no check");
        assertEquals(OptionalInt.of(0), s.usableServers("empty"));
        assertEquals(OptionalInt.empty(), s.usableServers("nosuch"));
        assertEquals(4, s.frontendSessions());
    }

    @Test
    void somethingElseIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> ProxyStats.parse("Unknown command.\n"));
        assertThrows(IllegalArgumentException.class, () -> ProxyStats.parse(""));
        assertThrows(IllegalArgumentException.class, () -> ProxyStats.parse("# a,b,c\n1,2,3\n"));
    }
}
