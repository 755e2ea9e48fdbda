package dev.hapair.proxy.acl;

import dev.hapair.common.config.SourceLocation;
import dev.hapair.proxy.config.AclParser;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** HAProxy's predefined acls, usable without declaring them. */
final class PredefinedAcls {

    private static final Map<String, Acl> ACLS = new LinkedHashMap<>();

    static {
        define("TRUE", "always_true");
        define("FALSE", "always_false");
        define("LOCALHOST", "src 127.0.0.1/8 ::1");
        define("HTTP", "req.proto_http");
        define("HTTP_1.0", "req.ver 1.0");
        define("HTTP_1.1", "req.ver 1.1");
        define("HTTP_2.0", "req.ver 2.0");
        define("HTTP_3.0", "req.ver 3.0");
        // true once content inspection has ended; in HTTP the whole head is there before any rule runs
        define("WAIT_END", "wait_end");
        define("REQ_CONTENT", "req.len gt 0");
        define("HTTP_CONTENT", "hdr_val(content-length) gt 0");
        define("HTTP_URL_ABS", "url_reg ^[^/:]*://");
        define("HTTP_URL_SLASH", "url_beg /");
        define("HTTP_URL_STAR", "url *");
        define("METH_CONNECT", "method CONNECT");
        define("METH_DELETE", "method DELETE");
        define("METH_GET", "method GET HEAD");
        define("METH_HEAD", "method HEAD");
        define("METH_OPTIONS", "method OPTIONS");
        define("METH_POST", "method POST");
        define("METH_PUT", "method PUT");
        define("METH_TRACE", "method TRACE");
    }

    private PredefinedAcls() {}

    private static void define(String name, String expr) {
        try {
            var def = AclParser.parse(name, List.of(expr.split(" ")), new SourceLocation("<predefined>", 0));
            ACLS.put(name, new Acl(name, List.of(AclCompiler.lenient().compileTerm(def))));
        } catch (AclException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Predefined in HAProxy, not implemented here: an error where used (no RDP parsing). */
    static final Set<String> UNSUPPORTED = Set.of("RDP_COOKIE");

    static {
        for (String name : UNSUPPORTED) {
            ACLS.put(name, new Acl(name, List.of(AclTerm.never())));
        }
    }

    static Acl find(String name) {
        return ACLS.get(name);
    }

    static Set<String> names() {
        return ACLS.keySet();
    }
}
