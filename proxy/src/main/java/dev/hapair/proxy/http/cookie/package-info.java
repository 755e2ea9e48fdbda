/**
 * Cookie persistence ({@code cookie NAME insert|rewrite|prefix ...}) on header values.
 *
 * <p>Per backend: {@code StickyCookies sc = new StickyCookies(StickyCookieSpec.from(cookieConfig))} and a
 * {@code CookieServerIndex}. Per request: {@code RequestCookie rc = sc.inspectRequest(cookieHeaders, nowSec)};
 * {@code S s = index.serverFor(rc)}; {@code selector.selectPersistent(s, req)}; forward
 * {@code rc.forwardCookieHeaders()}. Per response: {@code sc.editResponse(method, rc, chosen.cookie(),
 * chosen == s, setCookieHeaders, nowSec)} and apply the returned Set-Cookie list and Cache-Control.
 */
package dev.hapair.proxy.http.cookie;
