package dev.hapair.proxy.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Adapts a shared guide config to loopback: {@code nginx-N:81} becomes {@code 127.0.0.1:<port of N>},
 * and every {@code bind ADDR:PORT} listens on a free 127.0.0.1 port instead.
 */
public final class ProxyProcessConfig {
    private ProxyProcessConfig() {}

    /** The shared configs directory, {@code <repo>/../shared/configs/haproxy}. */
    public static Path sharedConfig(String file) {
        Path here = Path.of("").toAbsolutePath();
        for (Path p = here; p != null; p = p.getParent()) {
            Path c = p.resolve("../shared/configs/haproxy").resolve(file).normalize();
            if (Files.isRegularFile(c)) return c;
            Path d = p.resolve("shared/configs/haproxy").resolve(file);
            if (Files.isRegularFile(d)) return d;
        }
        throw new IllegalStateException("shared config " + file + " not found above " + here);
    }

    /**
     * @param hostPorts e.g. {@code nginx-1:81 -> 127.0.0.1:40001}
     * @param bindPorts original bind port -> free port
     */
    public static String rewrite(String text, Map<String, String> hostPorts, Map<Integer, Integer> bindPorts) {
        String out = text;
        for (Map.Entry<String, String> e : hostPorts.entrySet()) {
            out = out.replaceAll(
                    "(?<![\\w.-])" + Pattern.quote(e.getKey()) + "(?![\\w.-])", Matcher.quoteReplacement(e.getValue()));
        }
        Matcher m = Pattern.compile("(?m)^(\\s*bind\\s+)(\\S*?):(\\d+)").matcher(out);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            int orig = Integer.parseInt(m.group(3));
            Integer repl = bindPorts.get(orig);
            m.appendReplacement(sb, Matcher.quoteReplacement(m.group(1) + "127.0.0.1:" + (repl == null ? orig : repl)));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    public static Path write(Path dir, String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text);
    }
}
