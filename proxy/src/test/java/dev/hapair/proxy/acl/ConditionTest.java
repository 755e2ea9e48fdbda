package dev.hapair.proxy.acl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hapair.common.config.SourceLocation;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConditionTest {

    static AclTable table() throws AclException {
        return AclCompiler.lenient()
                .compile(List.of(
                        AclDefs.acl("url_ms1", "path_beg -i /ms1/", "h.cfg", 1),
                        AclDefs.acl("url_ms2", "path_beg -i /ms2/", "h.cfg", 2),
                        AclDefs.acl("is_post", "method POST", "h.cfg", 3),
                        AclDefs.acl("MAIN_not_enough_capacity", "nbsrv(bk-app-main) le 2", "h.cfg", 4)));
    }

    static CompiledCondition cond(String text) throws AclException {
        return AclCompiler.lenient()
                .compileCondition(
                        table(), AclDefs.condition(text, "h.cfg", 9), "use_backend", new SourceLocation("h.cfg", 9));
    }

    static boolean on(CompiledCondition c, String method, String uri) {
        return c.matches(new FakeRequestView(method, uri), b -> 3);
    }

    @Test
    void ifAndUnless() throws Exception {
        assertTrue(on(cond("if url_ms1"), "GET", "/MS1/x"));
        assertFalse(on(cond("if url_ms1"), "GET", "/ms2/x"));
        assertFalse(on(cond("unless url_ms1"), "GET", "/ms1/x"));
        assertTrue(on(cond("unless url_ms1"), "GET", "/other"));
    }

    @Test
    void implicitAndOrAndNegation() throws Exception {
        CompiledCondition c = cond("if url_ms1 is_post or url_ms2 !is_post");
        assertTrue(on(c, "POST", "/ms1/"));
        assertFalse(on(c, "GET", "/ms1/"));
        assertTrue(on(c, "GET", "/ms2/"));
        assertFalse(on(c, "POST", "/ms2/"));
        assertEquals("if url_ms1 is_post or url_ms2 !is_post", c.toString());
        CompiledCondition pipes = cond("if url_ms1 || url_ms2");
        assertTrue(on(pipes, "GET", "/ms2/"));
        assertTrue(on(cond("if ! url_ms1"), "GET", "/x"));
    }

    @Test
    void anonymousAclsAndPredefinedAcls() throws Exception {
        CompiledCondition c = cond("if { path_beg /api } METH_GET");
        assertTrue(on(c, "GET", "/api/v1"));
        assertTrue(on(c, "HEAD", "/api/v1"));
        assertFalse(on(c, "POST", "/api/v1"));
        assertFalse(on(c, "GET", "/web"));
        assertTrue(on(cond("if !{ path_beg /api } url_ms1"), "GET", "/ms1/"));
        assertTrue(on(cond("if TRUE"), "GET", "/"));
        assertFalse(on(cond("if FALSE"), "GET", "/"));
    }

    @Test
    void nbsrvFailoverCondition() throws Exception {
        CompiledCondition c = cond("if MAIN_not_enough_capacity");
        var r = FakeRequestView.get("/");
        assertFalse(c.matches(r, b -> 4));
        assertTrue(c.matches(r, b -> b.equals("bk-app-main") ? 2 : 9));
    }

    /** Syntax errors are the config parser's (config.ConditionParserTest, ConfigErrorsTest); these are ours. */
    @Test
    void conditionErrorsNameTheRuleKeyword() {
        AclException e = assertThrows(AclException.class, () -> cond("if url_ms3"));
        assertEquals("h.cfg:9: use_backend: unknown acl 'url_ms3' (did you mean 'url_ms1'?)", e.getMessage());
        assertEquals("use_backend", e.keyword());
        assertEquals(
                "h.cfg:9: anonymous acl: unknown fetch method 'path_bge' (did you mean 'path_beg'?)",
                assertThrows(AclException.class, () -> cond("if { path_bge /x }"))
                        .getMessage());
    }
}
