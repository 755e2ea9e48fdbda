package dev.hapair.proxy.runtime;

import io.netty.util.internal.PlatformDependent;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Run by {@code bin/hapair-jvm --make-class-archives} (with the class-data archives, into the same cache): copies
 * Netty's epoll library out of the jar into a directory, and prints the JVM's own {@code java.library.path}. The
 * launcher then starts the daemon with that directory in front of the library path, where Netty looks first.
 *
 * <p>Without it Netty copies the library out of the jar at every start, into a file whose name
 * {@code File.createTempFile} draws from a {@code SecureRandom}: that loads the JDK's security providers (about
 * 100 classes, the Sun provider's tables), ~1-1.5 MiB of idle RSS in a process without TLS (bench/README.md,
 * session 9), and leaves an executable file in /tmp per process.
 */
public final class NativeLibraryCache {
    private NativeLibraryCache() {}

    /** The library's file name as Netty's epoll transport loads it ({@code libnetty_transport_native_epoll_x86_64.so}). */
    static String libraryFile() {
        return System.mapLibraryName("netty_transport_native_epoll_" + PlatformDependent.normalizedArch());
    }

    /** Copies the library into {@code dir} (written aside, then renamed: never seen half written). */
    static Path copyInto(Path dir) throws IOException {
        String name = libraryFile();
        Files.createDirectories(dir);
        Path target = dir.resolve(name);
        Path tmp = dir.resolve(name + ".tmp");
        try (InputStream in =
                NativeLibraryCache.class.getClassLoader().getResourceAsStream("META-INF/native/" + name)) {
            if (in == null) {
                throw new IOException("no META-INF/native/" + name + " in the jar");
            }
            Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
        }
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return target;
    }

    /** {@code NativeLibraryCache DIR}: copies the library into DIR and prints the JVM's java.library.path. */
    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: NativeLibraryCache DIR");
            System.exit(2);
        }
        copyInto(Path.of(args[0]));
        System.out.println(System.getProperty("java.library.path", ""));
    }
}
