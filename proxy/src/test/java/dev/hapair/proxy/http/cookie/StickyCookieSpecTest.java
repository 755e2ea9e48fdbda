package dev.hapair.proxy.http.cookie;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.hapair.proxy.config.HaproxyConfigLoader;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class StickyCookieSpecTest {

    @Test
    void fromTheConfigModel() throws Exception {
        var cfg = new HaproxyConfigLoader()
                .parse(
                        "c.cfg",
                        String.join(
                                "\n",
                                "defaults",
                                "  mode http",
                                "  timeout connect 1s",
                                "  timeout client 1s",
                                "  timeout server 1s",
                                "backend foo",
                                "  cookie foo-server-id insert indirect nocache preserve maxidle 1h maxlife 2h domain .foo.example.com",
                                "  server foo1-http 127.0.0.1:80 cookie foo1",
                                ""));
        StickyCookieSpec spec =
                StickyCookieSpec.from(cfg.backend("foo").orElseThrow().cookie().orElseThrow());
        assertEquals(
                new StickyCookieSpec(
                        "foo-server-id",
                        StickyCookieSpec.Mode.INSERT,
                        true,
                        true,
                        false,
                        true,
                        false,
                        false,
                        List.of(".foo.example.com"),
                        3600,
                        7200,
                        List.of()),
                spec);
    }

    @Test
    void introGuideCookieLine() throws Exception {
        var cfg = new HaproxyConfigLoader().load(Path.of("/work/shared/configs/haproxy/intro-guide-l7.cfg"));
        StickyCookieSpec spec =
                StickyCookieSpec.from(cfg.backend("ms1").orElseThrow().cookie().orElseThrow());
        assertEquals(StickyCookieSpec.insertIndirectNocache("HA_STICKY_ms1"), spec);
    }
}
