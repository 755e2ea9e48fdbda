package dev.hapair.proxy.http.cookie;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class StickyCookiesTest {

    static final long NOW = 1_763_750_000L;

    static StickyCookieSpec spec(StickyCookieSpec.Mode mode, boolean indirect, boolean nocache, boolean preserve) {
        return new StickyCookieSpec(
                "SRV", mode, indirect, nocache, false, preserve, false, false, List.of(), 0, 0, List.of());
    }

    final StickyCookies insert = new StickyCookies(StickyCookieSpec.insertIndirectNocache("HA_STICKY_ms1"));

    @Test
    void insertIndirectFindsAndStripsItsCookie() {
        RequestCookie r = insert.inspectRequest(List.of("lang=en; HA_STICKY_ms1=ms1.srv2; sid=abc"), NOW);
        assertEquals(RequestCookie.Status.VALID, r.status());
        assertEquals("ms1.srv2", r.serverValue());
        assertEquals(List.of("lang=en; sid=abc"), r.forwardCookieHeaders());
        assertTrue(r.modified());
    }

    @Test
    void headerHoldingOnlyOurCookieIsDropped() {
        RequestCookie r = insert.inspectRequest(List.of("HA_STICKY_ms1=ms1.srv1", "a=1"), NOW);
        assertEquals(List.of("a=1"), r.forwardCookieHeaders());
        RequestCookie none = insert.inspectRequest(List.of("a=1;b=2"), NOW);
        assertEquals(RequestCookie.Status.NONE, none.status());
        assertEquals(List.of("a=1;b=2"), none.forwardCookieHeaders(), "untouched headers are forwarded verbatim");
        assertFalse(none.modified());
    }

    @Test
    void insertWithoutIndirectLetsTheServerSeeTheCookie() {
        var s = new StickyCookies(spec(StickyCookieSpec.Mode.INSERT, false, false, false));
        RequestCookie r = s.inspectRequest(List.of("SRV=s1; x=y"), NOW);
        assertEquals("s1", r.serverValue());
        assertEquals(List.of("SRV=s1; x=y"), r.forwardCookieHeaders());
    }

    @Test
    void newClientGetsTheCookieAndCacheControlPrivate() {
        RequestCookie r = insert.inspectRequest(List.of(), NOW);
        ResponseCookieEdit e = insert.editResponse("GET", r, "ms1.srv1", false, List.of("sid=42; Path=/app"), NOW);
        assertEquals(List.of("sid=42; Path=/app", "HA_STICKY_ms1=ms1.srv1; path=/"), e.setCookieHeaders());
        assertTrue(e.addCacheControlPrivate());
        assertTrue(e.modified());
    }

    @Test
    void clientAlreadyOnThisServerGetsNoNewCookie() {
        RequestCookie r = insert.inspectRequest(List.of("HA_STICKY_ms1=ms1.srv1"), NOW);
        ResponseCookieEdit e = insert.editResponse("GET", r, "ms1.srv1", true, List.of(), NOW);
        assertEquals(List.of(), e.setCookieHeaders());
        assertFalse(e.addCacheControlPrivate());
        assertFalse(e.modified());
    }

    @Test
    void redispatchedClientGetsTheNewServersCookie() {
        RequestCookie r = insert.inspectRequest(List.of("HA_STICKY_ms1=ms1.srv1"), NOW);
        ResponseCookieEdit e = insert.editResponse("GET", r, "ms1.srv2", false, List.of(), NOW);
        assertEquals(List.of("HA_STICKY_ms1=ms1.srv2; path=/"), e.setCookieHeaders());
    }

    @Test
    void serversOwnCookieOfTheSameNameIsRemovedUnlessPreserve() {
        var plain = new StickyCookies(spec(StickyCookieSpec.Mode.INSERT, true, false, false));
        RequestCookie none = plain.inspectRequest(List.of(), NOW);
        ResponseCookieEdit e = plain.editResponse("GET", none, "s1", false, List.of("SRV=app; Path=/", "k=v"), NOW);
        assertEquals(List.of("k=v", "SRV=s1; path=/"), e.setCookieHeaders());
        assertFalse(e.addCacheControlPrivate(), "no nocache");

        var preserve = new StickyCookies(spec(StickyCookieSpec.Mode.INSERT, true, false, true));
        ResponseCookieEdit kept = preserve.editResponse("GET", none, "s1", false, List.of("SRV=; Max-Age=0"), NOW);
        assertEquals(List.of("SRV=; Max-Age=0"), kept.setCookieHeaders(), "logout: the server ends persistence");
        assertFalse(kept.modified());
    }

    @Test
    void attributesFollowTheCookieLine() {
        var s = new StickyCookies(new StickyCookieSpec(
                "SERVERID",
                StickyCookieSpec.Mode.INSERT,
                true,
                true,
                false,
                false,
                true,
                true,
                List.of(".foo.example.com"),
                0,
                0,
                List.of("SameSite=Lax")));
        ResponseCookieEdit e = s.editResponse("GET", s.inspectRequest(List.of(), NOW), "foo1", false, List.of(), NOW);
        assertEquals(
                List.of("SERVERID=foo1; path=/; domain=.foo.example.com; HttpOnly; Secure; SameSite=Lax"),
                e.setCookieHeaders());
    }

    @Test
    void postonlyInsertsOnPostResponsesOnly() {
        var s = new StickyCookies(new StickyCookieSpec(
                "SRV",
                StickyCookieSpec.Mode.INSERT,
                false,
                false,
                true,
                false,
                false,
                false,
                List.of(),
                0,
                0,
                List.of()));
        RequestCookie none = s.inspectRequest(List.of(), NOW);
        assertEquals(
                List.of(),
                s.editResponse("GET", none, "s1", false, List.of(), NOW).setCookieHeaders());
        assertEquals(
                List.of("SRV=s1; path=/"),
                s.editResponse("POST", none, "s1", false, List.of(), NOW).setCookieHeaders());
    }

    @Test
    void maxidleAndMaxlifeDatesExpireAndRefresh() {
        var s = new StickyCookies(new StickyCookieSpec(
                "SRV",
                StickyCookieSpec.Mode.INSERT,
                true,
                true,
                false,
                false,
                false,
                false,
                List.of(),
                3600,
                7200,
                List.of()));
        String issued = s.editResponse("GET", s.inspectRequest(List.of(), NOW), "s1", false, List.of(), NOW)
                .setCookieHeaders()
                .get(0);
        String d = CookieDates.encode(NOW);
        assertEquals("SRV=s1|" + d + "|" + d + "; path=/", issued);
        String cookie = issued.substring(0, issued.indexOf(';'));

        RequestCookie soon = s.inspectRequest(List.of(cookie), NOW + 60);
        assertEquals(RequestCookie.Status.VALID, soon.status());
        assertEquals("s1", soon.serverValue());
        assertEquals(NOW, soon.firstSeen());
        assertEquals(
                List.of(),
                s.editResponse("GET", soon, "s1", true, List.of(), NOW + 60).setCookieHeaders());

        RequestCookie later = s.inspectRequest(List.of(cookie), NOW + 2000);
        String refreshed = s.editResponse("GET", later, "s1", true, List.of(), NOW + 2000)
                .setCookieHeaders()
                .get(0);
        assertEquals(
                "SRV=s1|" + CookieDates.encode(NOW + 2000) + "|" + d + "; path=/",
                refreshed,
                "refresh keeps the first-issued date");

        assertEquals(
                RequestCookie.Status.EXPIRED,
                s.inspectRequest(List.of(cookie), NOW + 3601).status());
        String refreshedCookie = refreshed.substring(0, refreshed.indexOf(';'));
        assertEquals(
                RequestCookie.Status.VALID,
                s.inspectRequest(List.of(refreshedCookie), NOW + 5000).status());
        RequestCookie old = s.inspectRequest(List.of(refreshedCookie), NOW + 7201);
        assertEquals(RequestCookie.Status.EXPIRED, old.status(), "maxlife counts from the first issue");
        assertNull(old.serverValue());
        assertEquals(List.of(), old.forwardCookieHeaders(), "an expired cookie of ours is still stripped");
    }

    @Test
    void rewriteReplacesTheServersValue() {
        var s = new StickyCookies(spec(StickyCookieSpec.Mode.REWRITE, false, true, false));
        RequestCookie r = s.inspectRequest(List.of("SRV=s2"), NOW);
        assertEquals("s2", r.serverValue());
        assertEquals(List.of("SRV=s2"), r.forwardCookieHeaders());
        ResponseCookieEdit e =
                s.editResponse("GET", r, "s1", false, List.of("SRV=anything; Path=/; HttpOnly", "other=1"), NOW);
        assertEquals(List.of("SRV=s1; Path=/; HttpOnly", "other=1"), e.setCookieHeaders());
        assertTrue(e.addCacheControlPrivate());
        ResponseCookieEdit none = s.editResponse("GET", r, "s1", false, List.of("other=1"), NOW);
        assertFalse(none.modified(), "rewrite never creates a cookie");
    }

    @Test
    void prefixAddsAndStripsTheServerIdentifier() {
        var s = new StickyCookies(new StickyCookieSpec(
                "JSESSIONID",
                StickyCookieSpec.Mode.PREFIX,
                false,
                false,
                false,
                false,
                false,
                false,
                List.of(),
                0,
                0,
                List.of()));
        ResponseCookieEdit e = s.editResponse(
                "GET", s.inspectRequest(List.of(), NOW), "1", false, List.of("JSESSIONID=1234; Path=/"), NOW);
        assertEquals(List.of("JSESSIONID=1~1234; Path=/"), e.setCookieHeaders());
        RequestCookie r = s.inspectRequest(List.of("a=b; JSESSIONID=1~1234"), NOW);
        assertEquals("1", r.serverValue());
        assertEquals(List.of("a=b; JSESSIONID=1234"), r.forwardCookieHeaders());
        RequestCookie unprefixed = s.inspectRequest(List.of("JSESSIONID=1234"), NOW);
        assertEquals(RequestCookie.Status.NONE, unprefixed.status());
        assertEquals(List.of("JSESSIONID=1234"), unprefixed.forwardCookieHeaders());
    }

    @Test
    void indexFindsServersByCookieValue() {
        var index = new CookieServerIndex<>(
                List.of("ms1.srv1", "ms1.srv2", "nocookie"), n -> n.startsWith("ms1") ? n : null);
        assertEquals("ms1.srv2", index.serverFor(insert.inspectRequest(List.of("HA_STICKY_ms1=ms1.srv2"), NOW)));
        assertNull(index.serverFor(insert.inspectRequest(List.of("HA_STICKY_ms1=ms9"), NOW)));
        assertNull(index.serverFor(insert.inspectRequest(List.of(), NOW)));
        assertNull(index.byValue(null));
    }

    @Test
    void datesRoundTrip() {
        assertEquals(NOW, CookieDates.decode(CookieDates.encode(NOW)));
        assertEquals(-1, CookieDates.decode("abc"));
        assertEquals(-1, CookieDates.decode("ab*def"));
    }
}
