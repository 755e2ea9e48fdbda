package dev.hapair.proxy.rules;

import dev.hapair.proxy.acl.ConfigAcls;
import dev.hapair.proxy.acl.PatternFileLoader;
import dev.hapair.proxy.config.ConfigDiagnostic;
import dev.hapair.proxy.config.ConfigException;
import dev.hapair.proxy.config.HaproxyConfig;
import dev.hapair.proxy.config.HaproxyConfigLoader;
import dev.hapair.proxy.h1.H1Exception;
import dev.hapair.proxy.h1.HeadParser;
import dev.hapair.proxy.h1.RequestHead;
import dev.hapair.proxy.h1.ResponseHead;
import dev.hapair.proxy.http.H1Heads;
import dev.hapair.proxy.http.HttpTxn;
import dev.hapair.proxy.sample.Vars;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

/** Test helpers: a configuration from text, its compiled rules, a transaction over Netty heads. */
final class Rules {
    static final String HEAD =
            "defaults\n  mode http\n  timeout connect 1s\n  timeout client 1s\n  timeout server 1s\n";

    private Rules() {}

    static HaproxyConfig config(String text) {
        try {
            return new HaproxyConfigLoader().parse("t.cfg", text);
        } catch (ConfigException e) {
            throw new AssertionError(e.diagnostics().toString());
        }
    }

    /** Every -c error of the rule language and acls (parse errors included). */
    static List<String> errors(String text) {
        List<String> out = new ArrayList<>();
        HaproxyConfig c;
        try {
            c = new HaproxyConfigLoader().parse("t.cfg", text);
        } catch (ConfigException e) {
            for (ConfigDiagnostic d : e.diagnostics()) {
                if (d.isError()) out.add(d.toString());
            }
            return out;
        }
        for (ConfigDiagnostic d : ConfigAcls.validate(c, PatternFileLoader.FILES)) out.add(d.toString());
        for (ConfigDiagnostic d : ProxyRulesCompiler.validate(c)) out.add(d.toString());
        return out;
    }

    static ProxyRules compile(String text, String proxy) throws RuleException {
        HaproxyConfig c = config(text);
        ProxyRulesCompiler pc = new ProxyRulesCompiler(c);
        return pc.compile(c.proxy(proxy).orElseThrow())
                .with(new ProxyRules.Live(dev.hapair.proxy.sample.ProxyState.NONE, new Vars.Proc(), pc.users()));
    }

    /** A request head as the HTTP/1 engine parses it (a Host is added when none is given). */
    static RequestHead request(String method, String uri, String... headers) {
        StringBuilder sb = new StringBuilder(method + " " + uri + " HTTP/1.1\r\n");
        boolean host = false;
        for (int i = 0; i < headers.length; i += 2) {
            sb.append(headers[i]).append(": ").append(headers[i + 1]).append("\r\n");
            host |= headers[i].equalsIgnoreCase("host");
        }
        if (!host) sb.append("Host: test\r\n");
        try {
            return HeadParser.requestOf(sb.append("\r\n").toString());
        } catch (H1Exception e) {
            throw new AssertionError(e);
        }
    }

    static ResponseHead response(int status, String... headers) {
        StringBuilder sb = new StringBuilder("HTTP/1.1 " + status + " X\r\n");
        for (int i = 0; i < headers.length; i += 2)
            sb.append(headers[i]).append(": ").append(headers[i + 1]).append("\r\n");
        try {
            return HeadParser.responseOf(sb.append("Content-Length: 0\r\n\r\n").toString(), false);
        } catch (H1Exception e) {
            throw new AssertionError(e);
        }
    }

    static HttpTxn txn(ProxyRules rules, RequestHead r) {
        HttpTxn t = new HttpTxn(
                new InetSocketAddress("192.0.2.7", 41000),
                new InetSocketAddress("10.0.0.1", 80),
                H1Heads.request(r),
                new Vars(rules.live().proc()),
                rules.live().state(),
                rules.live().users(),
                rules.name());
        t.captureSlots(rules.requestCaptures().size(), rules.responseCaptures().size());
        return t;
    }
}
