package dev.hapair.proxy.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** ApacheBench ({@code ab -r -k}) run in the background, bounded by count and a time limit; parses its summary. */
final class LoadGenerator implements AutoCloseable {
    record Result(long complete, long failed, long non2xx, double requestsPerSecond, String text) {}

    private final Process process;
    private final Path out;

    private LoadGenerator(Process process, Path out) {
        this.process = process;
        this.out = out;
    }

    /** {@code ab -r -k -n requests -c concurrency -t limit} against a loopback port. */
    static LoadGenerator start(Path out, int port, int requests, int concurrency, int timeLimitSec) throws IOException {
        Process p = new ProcessBuilder(
                        "ab",
                        "-r",
                        "-k",
                        "-q",
                        "-s",
                        "10",
                        "-t",
                        String.valueOf(timeLimitSec),
                        "-n",
                        String.valueOf(requests),
                        "-c",
                        String.valueOf(concurrency),
                        "http://127.0.0.1:" + port + "/")
                .redirectErrorStream(true)
                .redirectOutput(out.toFile())
                .start();
        return new LoadGenerator(p, out);
    }

    boolean running() {
        return process.isAlive();
    }

    Result await(int seconds) throws IOException, InterruptedException {
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("ab did not finish within " + seconds + "s");
        }
        String t = Files.readString(out);
        return new Result(
                num(t, "Complete requests:\\s+(\\d+)"),
                num(t, "Failed requests:\\s+(\\d+)"),
                num(t, "Non-2xx responses:\\s+(\\d+)"),
                dbl(t, "Requests per second:\\s+([0-9.]+)"),
                t);
    }

    private static long num(String t, String re) {
        Matcher m = Pattern.compile(re).matcher(t);
        return m.find() ? Long.parseLong(m.group(1)) : (re.startsWith("Non") ? 0 : -1);
    }

    private static double dbl(String t, String re) {
        Matcher m = Pattern.compile(re).matcher(t);
        return m.find() ? Double.parseDouble(m.group(1)) : -1;
    }

    @Override
    public void close() {
        if (process.isAlive()) process.destroyForcibly();
    }
}
