package dev.hapair.proxy.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** -c errors (file:line) and models of the per-proxy HTTP policies: header-name restriction, fcgi-app sections. */
class HttpPoliciesConfigTest {

    private static final String F = Cfg.TIMEOUTS + "frontend f\n  mode http\n  bind :80\n"; // lines 1-7

    private static void assertError(String cfg, String expected) {
        List<String> errors = Cfg.errors(cfg);
        assertTrue(errors.contains(expected), () -> "expected <" + expected + "> in " + errors);
    }

    @Test
    void restrictReqHdrNamesModes() {
        HaproxyConfig c = Cfg.parse(Cfg.TIMEOUTS
                + "defaults d2\n  mode http\n  option http-restrict-req-hdr-names reject\n"
                + "frontend f\n  bind :80\n  default_backend b\n"
                + "backend b\n  option http-restrict-req-hdr-names delete\n");
        assertEquals(HeaderNamePolicy.REJECT, proxy(c, "f").options().restrictReqHdrNames(), "from defaults");
        assertEquals(HeaderNamePolicy.DELETE, proxy(c, "b").options().restrictReqHdrNames());
        HaproxyConfig plain = Cfg.parse(F);
        assertEquals(HeaderNamePolicy.PRESERVE, proxy(plain, "f").options().restrictReqHdrNames(), "default");
    }

    @Test
    void restrictReqHdrNamesErrors() {
        assertError(
                F + "  option http-restrict-req-hdr-names rejct\n",
                "t.cfg:8: 'option http-restrict-req-hdr-names' expects 'preserve', 'delete' or 'reject'"
                        + " (did you mean 'reject'?)");
        assertError(
                F + "  option http-restrict-req-hdr-names\n",
                "t.cfg:8: 'option http-restrict-req-hdr-names' expects 'preserve', 'delete' or 'reject'");
        assertError(
                F + "  no option http-restrict-req-hdr-names\n",
                "t.cfg:8: 'no option http-restrict-req-hdr-names' is not supported");
    }

    @Test
    void fcgiAppSectionIsCheckedThenUnused() {
        HaproxyConfig c = Cfg.parse(F
                + "fcgi-app php\n  docroot /var/www\n  index index.php\n  path-info ^(/.+\\.php)(/.*)?$\n"
                + "  option keep-conn\n  no option mpxs-conns\n  option max-reqs 10\n  set-param X %[src]\n"
                + "  pass-header Authorization\n  log-stderr global\n  acl a path /x\n");
        assertEquals(1, c.proxies().size());
        assertError(F + "fcgi-app php\n  index index.php\n", "t.cfg:8: fcgi-app 'php': no 'docroot' (mandatory)");
        assertError(
                F + "fcgi-app php\n  docroot /x\n  docrot /y\n",
                "t.cfg:10: unknown keyword 'docrot' in fcgi-app 'php' (did you mean 'docroot'?)");
        assertError(
                F + "fcgi-app php\n  docroot /x\n  option max-reqs 0\n",
                "t.cfg:10: 'option max-reqs' expects a positive number");
        assertError(
                F + "fcgi-app php\n  docroot /x\n  path-info ([\n",
                "t.cfg:10: 'path-info': bad regex '([': Unclosed character class");
        assertError(
                F + "  default_backend b\nbackend b\n  use-fcgi-app php\n",
                "t.cfg:10: 'use-fcgi-app' is not supported by hapair-proxy (in backend 'b')");
    }

    @Test
    void strictModeErrors() {
        assertTrue(Cfg.parse(F + "  http-request strict-mode off\n  http-response strict-mode on\n"
                                + "  http-after-response strict-mode off\n")
                        .proxies()
                        .size()
                == 1);
        assertError(
                F + "  tcp-request content strict-mode on\n",
                "t.cfg:8: 'tcp-request content strict-mode' is not supported by hapair-proxy");
    }

    private static ProxyConfig proxy(HaproxyConfig c, String name) {
        return c.proxies().stream()
                .filter(p -> p.name().equals(name))
                .findFirst()
                .orElseThrow();
    }
}
