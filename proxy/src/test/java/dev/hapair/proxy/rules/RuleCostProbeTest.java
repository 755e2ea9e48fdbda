package dev.hapair.proxy.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hapair.proxy.h1.H1Limits;
import dev.hapair.proxy.h1.HeadParser;
import dev.hapair.proxy.h1.RequestHead;
import dev.hapair.proxy.http.H1Heads;
import dev.hapair.proxy.http.HttpTxn;
import dev.hapair.proxy.sample.SourceSample;
import dev.hapair.proxy.sample.Vars;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * What the rule block of {@code bench/rules.sh} (10 acls, 20 http-request rules) costs one request in process:
 * parse the head wrk sends, run the frontend's http-request rules, emit the head to the server, with and without
 * the rules; prints the thread CPU time and the bytes allocated per request. A tool for profiling, not a timed
 * test: what always runs only checks that the rules have their effect. Run the measurement with
 * {@code mvn -pl proxy -am test -Dtest=RuleCostProbeTest -Dhapair.ruleCost=ITERATIONS -Dsurefire.failIfNoSpecifiedTests=false}.
 */
class RuleCostProbeTest {

    /** The rule block of bench/rules.sh, read from there so the two cannot drift apart. */
    static final String RULES = benchRules();

    private static String benchRules() {
        try {
            String script = Files.readString(Path.of("../bench/rules.sh"));
            int from = script.indexOf("<<'RULES'\n") + "<<'RULES'\n".length();
            return script.substring(from, script.indexOf("\nRULES\n", from)).stripIndent() + "\n";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static final byte[] WRK_REQUEST =
            "GET / HTTP/1.1\r\nHost: 127.0.0.1:8080\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);

    private static final InetSocketAddress CLIENT = new InetSocketAddress("192.0.2.7", 41000);
    private static final InetSocketAddress LOCAL = new InetSocketAddress("127.0.0.1", 8080);
    private static final Vars SESSION = new Vars(new Vars.Proc());

    private static final String CFG = Rules.HEAD + "frontend plain\n  bind :80\n  default_backend b\n"
            + "frontend rules\n  bind :81\n" + RULES.indent(2) + "  default_backend b\n"
            + "backend b\n  server s 127.0.0.1:8080\n";

    @Test
    void theBenchRuleBlockHasItsEffect() throws Exception {
        ByteBuf out = Unpooled.directBuffer(1024);
        try {
            assertTrue(RULES.startsWith("acl is_api path_beg /api\n"), RULES);
            String emitted = emit(Rules.compile(CFG, "rules"), out);
            assertEquals(8, emitted.split("\r\n").length, emitted);
            assertTrue(
                    emitted.contains("\r\nX-Path-Len: 1\r\n") && emitted.contains("\r\nX-Host: 127.0.0.1:8080\r\n"),
                    emitted);
            assertEquals("GET / HTTP/1.1\r\nHost: 127.0.0.1:8080\r\n\r\n", emit(Rules.compile(CFG, "plain"), out));
        } finally {
            out.release();
        }
    }

    @Test
    @EnabledIfSystemProperty(named = "hapair.ruleCost", matches = "[0-9]+")
    void ruleBlockCostPerRequest() throws Exception {
        int n = Integer.getInteger("hapair.ruleCost");
        ProxyRules plain = Rules.compile(CFG, "plain");
        ProxyRules rules = Rules.compile(CFG, "rules");
        ByteBuf out = Unpooled.directBuffer(1024); // a server connection's buffers are direct
        for (int round = 0; round < 5; round++) {
            long[] p = measure(plain, out, n);
            long[] r = measure(rules, out, n);
            System.out.printf(
                    "rule cost round %d: plain %d ns %d B, rules %d ns %d B, rule block %d ns %d B per request%n",
                    round, p[0], p[1], r[0], r[1], r[0] - p[0], r[1] - p[1]);
        }
        if (Boolean.getBoolean("hapair.ruleCost.each")) {
            // what each rule adds: the block cut after each line (acls cost nothing until a rule uses them)
            String[] lines = RULES.split("\n");
            long before = measure(plain, out, n)[0];
            for (int k = 11; k <= lines.length; k++) {
                String block = String.join("\n", java.util.Arrays.copyOf(lines, k)) + "\n";
                ProxyRules cut = Rules.compile(
                        Rules.HEAD + "frontend f\n  bind :81\n" + block.indent(2) + "  default_backend b\n"
                                + "backend b\n  server s 127.0.0.1:8080\n",
                        "f");
                long[] m = measure(cut, out, n);
                System.out.printf("%5d ns %5d B  %s%n", m[0] - before, m[1], lines[k - 1]);
                before = m[0];
            }
        }
        out.release();
    }

    private static String emit(ProxyRules r, ByteBuf out) throws Exception {
        out.clear();
        once(r, out);
        return out.toString(StandardCharsets.ISO_8859_1);
    }

    /** What HttpSession keeps per connection across its requests: the src sample, the fields rules added. */
    private static final class Connection {
        final SourceSample source = new SourceSample();
        int addedFields;
    }

    private static void once(ProxyRules r, ByteBuf out) throws Exception {
        once(r, out, new Connection());
    }

    private static void once(ProxyRules r, ByteBuf out, Connection conn) throws Exception {
        RequestHead h = HeadParser.parseRequest(WRK_REQUEST.clone(), H1Limits.DEFAULTS, conn.addedFields);
        // as HttpSession builds it: the connection's addresses and session variables, the rewrite room
        HttpTxn t = new HttpTxn(
                CLIENT,
                LOCAL,
                H1Heads.request(h),
                SESSION.nextTransaction(),
                r.live().state(),
                r.live().users(),
                r.name());
        t.sourceSamples(conn.source);
        t.captureSlots(r.requestCaptures().size(), r.responseCaptures().size());
        t.rewriteBuffer(false, H1Limits.DEFAULT_BUFSIZE, H1Limits.DEFAULTS.maxHeadBytes(), h.receivedLength(), 0);
        Outcome o = r.httpRequest().run(t);
        if (o.kind() != Outcome.Kind.CONTINUE) throw new AssertionError(o);
        out.clear();
        out.ensureWritable(h.estimatedSize());
        h.writeTo(out);
        conn.addedFields = h.addedFields();
    }

    /** {ns, bytes} per request over {@code n} requests, after as many to warm up. */
    private static long[] measure(ProxyRules r, ByteBuf out, int n) throws Exception {
        var mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long id = Thread.currentThread().getId();
        // one keep-alive connection, as wrk's
        Connection conn = new Connection();
        for (int i = 0; i < n; i++) once(r, out, conn);
        long c0 = mx.getCurrentThreadCpuTime(), a0 = mx.getThreadAllocatedBytes(id);
        for (int i = 0; i < n; i++) once(r, out, conn);
        long c1 = mx.getCurrentThreadCpuTime(), a1 = mx.getThreadAllocatedBytes(id);
        return new long[] {(c1 - c0) / n, (a1 - a0) / n};
    }
}
