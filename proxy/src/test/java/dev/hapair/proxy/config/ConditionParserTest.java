package dev.hapair.proxy.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hapair.common.config.SourceLocation;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ConditionParserTest {

    private static final SourceLocation AT = new SourceLocation("t.cfg", 3);

    private static Condition parse(String words) {
        return ConditionParser.parse(List.of(words.split(" ")), AT);
    }

    private static Condition.AclRef ref(String n) {
        return new Condition.AclRef(n, AT);
    }

    @Test
    void singleAndNegated() {
        assertEquals(ref("a"), parse("if a"));
        assertEquals(new Condition.Not(ref("a")), parse("unless a"));
        assertEquals(new Condition.Not(ref("a")), parse("if !a"));
        assertEquals(new Condition.Not(ref("a")), parse("if ! a"));
        assertEquals(ref("a"), parse("if !!a"));
    }

    @Test
    void implicitAndBindsTighterThanOr() {
        assertEquals(
                new Condition.Or(List.of(new Condition.And(List.of(ref("a"), ref("b"))), ref("c"))),
                parse("if a b or c"));
        assertEquals(
                new Condition.Or(List.of(ref("a"), new Condition.And(List.of(new Condition.Not(ref("b")), ref("c"))))),
                parse("if a || !b c"));
        assertEquals(new Condition.Not(new Condition.Or(List.of(ref("a"), ref("b")))), parse("unless a or b"));
    }

    @Test
    void anonymousAcls() {
        Condition c = parse("if { path_beg -i /api } !{ hdr(host) -m dom example.com }");
        Condition.And and = (Condition.And) c;
        AclDef first = ((Condition.Anonymous) and.operands().get(0)).acl();
        assertTrue(first.isAnonymous());
        assertEquals("path_beg", first.fetchName());
        assertTrue(first.ignoreCase());
        assertEquals(List.of("/api"), first.patterns());
        AclDef second = ((Condition.Anonymous) ((Condition.Not) and.operands().get(1)).operand()).acl();
        assertEquals("hdr", second.fetchName());
        assertEquals(List.of("host"), second.fetchArgs());
        assertEquals(Optional.of("dom"), second.matchMethod());
        assertEquals(2, Conditions.anonymousAcls(c).size());
    }

    @Test
    void aclParserSplitsFetchFlagsOperatorAndPatterns() {
        AclDef a = AclParser.parse("low", List.of("nbsrv(bk-app-main)", "le", "2"), AT);
        assertEquals("nbsrv", a.fetchName());
        assertEquals(List.of("bk-app-main"), a.fetchArgs());
        assertEquals(Optional.of("le"), a.operator());
        assertEquals(List.of("2"), a.patterns());
        AclDef h = AclParser.parse("h", List.of("req.hdr(host),lower", "-m", "end", "-i", ".example.com", "x.org"), AT);
        assertEquals("req.hdr", h.fetchName());
        assertEquals(List.of("lower"), h.converters());
        assertEquals(List.of("-m", "end", "-i"), h.flags());
        assertEquals(List.of(".example.com", "x.org"), h.patterns());
        assertTrue(h.operator().isEmpty());
        AclDef p = AclParser.parse("p", List.of("path", "eq"), AT);
        assertEquals(List.of("eq"), p.patterns(), "string fetches take 'eq' as a pattern");
        AclDef dashes = AclParser.parse("d", List.of("path", "--", "-i"), AT);
        assertEquals(List.of("-i"), dashes.patterns(), "'--' ends the flags");
        AclDef src = AclParser.parse("s", List.of("src", "10.0.0.0/8", "192.168.0.0/16"), AT);
        assertEquals(List.of(), src.fetchArgs());
        assertEquals(2, src.patterns().size());
    }

    @Test
    void predefinedAclsNeedNoDeclaration() {
        HaproxyConfig c = Cfg.parse(Cfg.TIMEOUTS + "frontend f\n  mode http\n  bind :80\n"
                + "  http-request deny if METH_TRACE or !HTTP\n  use_backend b if TRUE\nbackend b\n  mode http\n");
        assertEquals(
                1, c.frontend("f").orElseThrow().rules().family("http-request").size());
    }
}
