package dev.hapair.proxy.runtime;

import java.util.Map;
import java.util.Properties;

/**
 * Netty settings of the daemon, applied before any Netty class loads; a value given on the command line
 * ({@code -Dio.netty...=} through {@code HAPAIR_JAVA_OPTS}) wins.
 *
 * <ul>
 *   <li>{@code io.netty.allocator.maxOrder=7}: 1 MiB pool chunks instead of 4 MiB. hapair reads and writes
 *       at most one {@code tune.bufsize} (16 KiB) at a time, so a chunk serves 64 such buffers; smaller chunks
 *       mean an idle event loop holds 1 MiB instead of 4 and a chunk emptied after a burst (a slow-read
 *       attack) is freed back to the system sooner.
 *   <li>{@code io.netty.allocator.cacheTrimIntervalMillis=2000}: buffers parked in an event loop's cache go
 *       back to their chunk after a quiet while, so emptied chunks can be freed.
 *   <li>{@code io.netty.tryReflectionSetAccessible=true} (with the launcher's {@code --add-opens
 *       java.base/java.nio=ALL-UNNAMED}): Netty allocates its pool chunks with {@code Unsafe.allocateMemory}
 *       and frees them itself. Without it (the default on Java 9+), every chunk is a JDK direct buffer, which
 *       the JDK zero-fills when it is created: each 1 MiB chunk was resident in full at once, even when one
 *       16 KiB buffer of it was ever used. The two chunks the event loops take for their first connections
 *       were 2 MiB of the idle RSS (bench/run.sh: 64 -> 62 MiB); no zero-filling and no Cleaner per chunk
 *       either. The limit stays the same ({@code -XX:MaxDirectMemorySize}, else the heap's maximum), counted
 *       by Netty, whose {@code OutOfDirectMemoryError} is an {@code OutOfMemoryError} as the JDK's was
 *       (checked: 259,522,560 bytes with -Xmx256m either way, {@code -XX:MaxDirectMemorySize} obeyed). Two
 *       differences: the JDK's own direct buffers (NIO's temporary ones) are now counted apart from Netty's,
 *       each against that limit; and a buffer never released is never freed (before, the JDK's Cleaner freed
 *       an unreachable one larger than a chunk): such a leak is a bug, which the test suite's {@code paranoid}
 *       leak detection reports either way.
 *   <li>{@code io.netty.leakDetection.level=disabled}: the default samples one buffer in 128 and records a
 *       stack trace for it, about 5 % of the CPU of a small keep-alive request. The test suite runs with
 *       {@code paranoid} leak detection instead (the build's argLine), which is where a leak is caught.
 * </ul>
 */
final class NettyDefaults {
    static final Map<String, String> DEFAULTS = Map.of(
            "io.netty.allocator.maxOrder", "7",
            "io.netty.allocator.cacheTrimIntervalMillis", "2000",
            "io.netty.tryReflectionSetAccessible", "true",
            "io.netty.leakDetection.level", "disabled");

    private NettyDefaults() {}

    /** Sets each default that is not already set (the legacy {@code io.netty.leakDetectionLevel} counts too). */
    static void apply(Properties props) {
        DEFAULTS.forEach((k, v) -> {
            boolean given = props.getProperty(k) != null
                    || k.equals("io.netty.leakDetection.level")
                            && props.getProperty("io.netty.leakDetectionLevel") != null;
            if (!given) props.setProperty(k, v);
        });
    }
}
