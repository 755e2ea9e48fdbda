package dev.hapair.proxy.config;

import dev.hapair.common.config.SourceLocation;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The TLS keywords the runtime API's {@code add server} accepts (HAProxy 2.6's list in management.txt, those
 * hapair implements), read with the same table as a {@code server} line so their meaning and errors are the
 * configuration's. As in HAProxy, a dynamic server inherits nothing from {@code default-server}.
 */
public final class DynamicServerSsl {

    /** The TLS words of 2.6's {@code add server} list; the rest of that list is handled by the runtime API. */
    static final Set<String> KEYWORDS = Set.of(
            "ssl",
            "no-ssl",
            "verify",
            "verifyhost",
            "ca-file",
            "crt",
            "sni",
            "alpn",
            "ciphers",
            "ciphersuites",
            "no-ssl-reuse",
            "ssl-reuse",
            "no-tls-tickets",
            "tls-tickets",
            "ssl-min-ver",
            "ssl-max-ver",
            "no-sslv3",
            "no-tlsv10",
            "no-tlsv11",
            "no-tlsv12",
            "no-tlsv13",
            "force-sslv3",
            "force-tlsv10",
            "force-tlsv11",
            "force-tlsv12",
            "force-tlsv13",
            "allow-0rtt",
            "crl-file",
            "npn",
            "check-alpn");

    private DynamicServerSsl() {}

    /** How many values follow TLS keyword {@code keyword} of {@code add server}; -1 when it is not one. */
    public static int arity(String keyword) {
        if (!KEYWORDS.contains(keyword)) {
            return -1;
        }
        return ServerKeywords.TABLE.find(keyword).map(e -> e.arity()).orElse(-1);
    }

    /**
     * The TLS settings of {@code words} (keywords for which {@link #arity} is not -1, with their values).
     *
     * @throws IllegalArgumentException with the configuration's message (e.g. a keyword hapair does not
     *     implement)
     */
    public static ServerSslConfig parse(List<String> words) {
        List<String> line = new ArrayList<>();
        line.add("add server");
        line.addAll(words);
        ServerConfig.Builder b = new ServerConfig.Builder();
        try {
            OptionParsing.apply(
                    ServerKeywords.TABLE,
                    b,
                    new ConfigLine(new SourceLocation("cli", 1), line),
                    1,
                    "'add server'",
                    new Diagnostics());
        } catch (LineError e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        return b.build().ssl();
    }
}
