package dev.hapair.testkit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A private rsyslogd (Debian's rsyslog) for tests that check where daemons' syslog lines end up under real
 * rsyslog rules: it listens only on the unix sockets its rules name (never on /dev/log, never on the network),
 * keeps its state and pidfile in the test's directory and is stopped by its own PID.
 */
public final class Rsyslog implements AutoCloseable {
    private static final Pattern SOCKET = Pattern.compile("(?m)^\\$AddUnixListenSocket\\s+(\\S+)");

    private final Process process;
    private final Path log;

    private Rsyslog(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /**
     * Debian's packaged rule file {@code packaged} (e.g. {@code /etc/rsyslog.d/49-haproxy.conf}) with each
     * absolute path under {@code /var} moved under {@code dir} (the same layout), so the rule is the packaged
     * one, pointed at private places.
     */
    public static String privateCopy(Path packaged, Path dir) throws IOException {
        return Files.readString(packaged)
                .replaceAll("(?<=\\s)/var/", dir.toString().replace("\\", "\\\\") + "/var/");
    }

    /**
     * Starts rsyslogd in the foreground with {@code rules} (rsyslog configuration text: {@code
     * $AddUnixListenSocket} lines and filters), the system socket off, files written in the traditional format;
     * returns once every socket the rules name exists.
     */
    public static Rsyslog start(Path dir, String rules) throws IOException, InterruptedException {
        Path work = Files.createDirectories(dir.resolve("rsyslog-work"));
        List<Path> sockets = new ArrayList<>();
        Matcher m = SOCKET.matcher(rules);
        while (m.find()) {
            Path s = Path.of(m.group(1));
            Files.createDirectories(s.getParent());
            sockets.add(s);
        }
        Path conf = Files.writeString(
                dir.resolve("rsyslog.conf"),
                String.join(
                        "\n",
                        "global(workDirectory=\"" + work + "\")",
                        "module(load=\"imuxsock\" SysSock.Use=\"off\")",
                        "$ActionFileDefaultTemplate RSYSLOG_TraditionalFileFormat",
                        rules,
                        ""),
                StandardCharsets.UTF_8);
        Path log = dir.resolve("rsyslogd.out");
        Process p = new ProcessBuilder(
                        "rsyslogd",
                        "-n",
                        "-f",
                        conf.toString(),
                        "-i",
                        dir.resolve("rsyslogd.pid").toString())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        Rsyslog r = new Rsyslog(p, log);
        for (int i = 0; i < 200 && !sockets.stream().allMatch(Files::exists); i++) {
            if (!p.isAlive()) break;
            Thread.sleep(50);
        }
        if (!sockets.stream().allMatch(Files::exists)) {
            r.close();
            throw new IllegalStateException("rsyslogd did not open " + sockets + ": " + r.output());
        }
        return r;
    }

    /** What rsyslogd printed (configuration errors). */
    public String output() throws IOException {
        return Files.exists(log) ? Files.readString(log) : "";
    }

    /** The lines of {@code file} so far (empty when rsyslogd has not created it). */
    public static List<String> lines(Path file) throws IOException {
        return Files.exists(file) ? Files.readAllLines(file, StandardCharsets.UTF_8) : List.of();
    }

    /** Waits up to {@code millis} for a line of {@code file} containing {@code text}; true if one came. */
    public static boolean await(Path file, String text, long millis) throws IOException, InterruptedException {
        long deadline = System.currentTimeMillis() + millis;
        do {
            for (String l : lines(file)) if (l.contains(text)) return true;
            Thread.sleep(100);
        } while (System.currentTimeMillis() < deadline);
        return false;
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy(); // SIGTERM to this rsyslogd only
        if (!process.waitFor(10, TimeUnit.SECONDS)) process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
    }
}
