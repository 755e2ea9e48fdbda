package dev.hapair.vrrp.watch;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * {@code hapair-vrrp watch -i IFACE [-c COUNT] [-t SECONDS]}: stop after COUNT VRRP packets or SECONDS,
 * whichever comes first; without either, until interrupted.
 */
public record WatchOptions(String interfaceName, OptionalLong count, Optional<Duration> duration) {
    public static final String USAGE = "Usage: hapair-vrrp watch -i IFACE [-c COUNT] [-t SECONDS]";

    public WatchOptions {
        Objects.requireNonNull(interfaceName, "interfaceName");
        Objects.requireNonNull(count, "count");
        Objects.requireNonNull(duration, "duration");
    }

    /** A bad watch command line; the message names the flag. */
    public static final class UsageException extends Exception {
        private static final long serialVersionUID = 1L;

        public UsageException(String message) {
            super(message);
        }
    }

    /** Parses the arguments after {@code watch}. */
    public static WatchOptions parse(List<String> args) throws UsageException {
        String iface = null;
        Long count = null;
        Duration duration = null;
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            switch (a) {
                case "-i", "--interface" -> iface = value(args, i++, a);
                case "-c", "--count" -> {
                    String v = value(args, i++, a);
                    try {
                        count = Long.parseLong(v);
                    } catch (NumberFormatException e) {
                        count = -1L;
                    }
                    if (count < 1) {
                        throw new UsageException("option '" + a + "' expects a positive packet count, not '" + v + "'");
                    }
                }
                case "-t", "--time" -> {
                    String v = value(args, i++, a);
                    double s;
                    try {
                        s = Double.parseDouble(v);
                    } catch (NumberFormatException e) {
                        s = -1;
                    }
                    if (!(s > 0) || s > 365 * 86400.0) {
                        throw new UsageException("option '" + a + "' expects a number of seconds, not '" + v + "'");
                    }
                    duration = Duration.ofMillis(Math.round(s * 1000));
                }
                default -> throw new UsageException(
                        a.startsWith("-") ? "unknown watch option '" + a + "'" : "unexpected argument '" + a + "'");
            }
        }
        if (iface == null) {
            throw new UsageException("'watch' needs -i IFACE");
        }
        return new WatchOptions(
                iface, count == null ? OptionalLong.empty() : OptionalLong.of(count), Optional.ofNullable(duration));
    }

    private static String value(List<String> args, int i, String flag) throws UsageException {
        if (i + 1 >= args.size() || args.get(i + 1).isEmpty()) {
            throw new UsageException("option '" + flag + "' expects an argument");
        }
        return args.get(i + 1);
    }
}
