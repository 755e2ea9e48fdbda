package dev.hapair.proxy.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** HAProxy 2.6's normalize-uri normalizers, on the manual's and the reg-test's examples. */
class UriNormalizerTest {

    private static String n(String spec, String uri) {
        return UriNormalizer.of(List.of(spec.split(" "))).apply(uri);
    }

    @Test
    void mergeSlashesTouchesThePathOnly() {
        assertEquals("/foo/bar", n("path-merge-slashes", "/foo///bar"));
        assertEquals("/foo/bar/", n("path-merge-slashes", "///foo///bar///"));
        assertEquals("/", n("path-merge-slashes", "///"));
        assertEquals("/foo?bar=///", n("path-merge-slashes", "//foo?bar=///"));
        assertEquals("*", n("path-merge-slashes", "*"));
        assertEquals("http://h/x/y", n("path-merge-slashes", "http://h//x//y"));
    }

    @Test
    void stripDot() {
        assertEquals("/", n("path-strip-dot", "/."));
        assertEquals("/", n("path-strip-dot", "/./"));
        assertEquals("/bar/", n("path-strip-dot", "/./bar/"));
        assertEquals("/a/", n("path-strip-dot", "/a/."));
        assertEquals("/a/a", n("path-strip-dot", "/a/./a"));
        assertEquals("/.well-known/", n("path-strip-dot", "/.well-known/"));
        assertEquals("/a/../a", n("path-strip-dot", "/a/../a"));
        assertEquals("/?a=/./", n("path-strip-dot", "/?a=/./"));
    }

    @Test
    void stripDotdotAndFull() {
        assertEquals("/", n("path-strip-dotdot", "/foo/.."));
        assertEquals("/", n("path-strip-dotdot", "/foo/../"));
        assertEquals("/bar/", n("path-strip-dotdot", "/foo/../bar/"));
        assertEquals("/foo/", n("path-strip-dotdot", "/foo/bar/../"));
        assertEquals("/bar", n("path-strip-dotdot", "/foo/../bar"));
        assertEquals("/../bar/", n("path-strip-dotdot", "/../bar/"));
        assertEquals("/../", n("path-strip-dotdot", "/bar/../../"));
        assertEquals("/foo/", n("path-strip-dotdot", "/foo//../"));
        assertEquals("/bar/", n("path-strip-dotdot", "/foo//../../bar/"));
        assertEquals("/../bar/", n("path-strip-dotdot", "/foo/../../bar/"));
        assertEquals("/foo/%2E%2E/", n("path-strip-dotdot", "/foo/%2E%2E/"));
        assertEquals("/?bar=/foo/../", n("path-strip-dotdot", "/foo/../?bar=/foo/../"));
        assertEquals("/bar/", n("path-strip-dotdot full", "/../bar/"));
        assertEquals("/", n("path-strip-dotdot full", "/bar/../../"));
        assertEquals("/bar/", n("path-strip-dotdot full", "/foo/../../bar/"));
    }

    @Test
    void percentNormalizers() {
        assertEquals("/admin", n("percent-decode-unreserved", "/%61dmin"));
        assertEquals("/a?a=a", n("percent-decode-unreserved", "/%61?%61=%61"));
        assertEquals("/foo%3Fbar=baz", n("percent-decode-unreserved", "/foo%3Fbar=baz"));
        assertEquals("/%66", n("percent-decode-unreserved", "/%%36%36"));
        assertEquals("/%ZZ", n("percent-decode-unreserved", "/%ZZ"));
        assertNull(n("percent-decode-unreserved strict", "/%%36%36"));
        assertNull(n("percent-decode-unreserved strict", "/%ZZ"));
        assertEquals("/%AA?a=%AA", n("percent-to-uppercase", "/%aa?a=%aa"));
        assertEquals("/%zz?a=%zz", n("percent-to-uppercase", "/%zz?a=%zz"));
        assertNull(n("percent-to-uppercase strict", "/%zz"));
    }

    @Test
    void querySortAndFragments() {
        assertEquals("/?a=1&b=2&c=3", n("query-sort-by-name", "/?c=3&a=1&b=2"));
        assertEquals("/?a=1&aa=2&aaa=3", n("query-sort-by-name", "/?aaa=3&a=1&aa=2"));
        assertEquals("/?a=3&a=1&a=2&b=4&b=5", n("query-sort-by-name", "/?a=3&b=4&a=1&b=5&a=2"));
        assertEquals("/?a&b&c&x&y&z", n("query-sort-by-name", "/?c&b&a&z&x&y"));
        assertEquals("/?", n("query-sort-by-name", "/?"));
        assertEquals("/", n("query-sort-by-name", "/"));
        assertEquals("/", n("fragment-strip", "/#foo"));
        assertEquals("/%23foo/%23foo", n("fragment-encode", "/#foo/#foo"));
        assertEquals("/%23foo", n("fragment-strip", "/%23foo"));
    }

    @Test
    void badArgumentsAreErrors() {
        assertTrue(error(List.of()).contains("expects a normalizer"));
        assertTrue(error(List.of("path-strip-dots")).contains("unknown normalizer 'path-strip-dots'"));
        assertTrue(error(List.of("path-strip-dotdot", "strict")).contains("only takes 'full'"));
        assertTrue(error(List.of("percent-to-uppercase", "full")).contains("only takes 'strict'"));
        assertTrue(error(List.of("fragment-strip", "x")).contains("takes no option"));
    }

    private static String error(List<String> a) {
        try {
            UriNormalizer.of(a);
            return "";
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
    }
}
