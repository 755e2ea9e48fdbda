package dev.hapair.proxy.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * bin/hapair-jvm's application class-data archive: which archive it names, and when it names none. A fake JDK
 * (JAVA_HOME) records the launcher's java command lines; its -Xshare:dump writes a file, its -Xshare:on
 * check succeeds unless told otherwise, so the launcher's own logic is tested without a JVM's dump time.
 */
class LauncherClassArchiveTest {
    private static final Path LAUNCHER = Path.of("..", "bin", "hapair-jvm").toAbsolutePath();

    @TempDir
    Path dir;

    private Path home;
    private Path jdk;
    private Path cache;
    private Path calls;

    @BeforeEach
    void fakeInstall() throws IOException {
        home = dir.resolve("home");
        Files.createDirectories(home.resolve("lib/cds"));
        Files.writeString(home.resolve("lib/hapair-proxy.jar"), "not a real jar");
        Files.writeString(home.resolve("lib/cds/hapair-proxy-plain.classlist"), "java/lang/Object\n");
        Files.writeString(home.resolve("lib/cds/hapair-proxy-tls.classlist"), "java/lang/Object\njava/lang/String\n");
        jdk = dir.resolve("jdk");
        Files.createDirectories(jdk.resolve("bin"));
        Files.createDirectories(jdk.resolve("lib/server"));
        Files.writeString(jdk.resolve("lib/server/libjvm.so"), "libjvm");
        Files.writeString(jdk.resolve("lib/modules"), "the JDK's classes");
        calls = dir.resolve("calls");
        Path java = jdk.resolve("bin/java");
        Files.writeString(
                java,
                "#!/usr/bin/env bash\n"
                        + "printf '%s\\n' \"$*\" >> '" + calls + "'\n"
                        + "for a in \"$@\"; do case $a in -XX:SharedArchiveFile=*) f=${a#*=} ;; esac; done\n"
                        + "case \" $* \" in\n"
                        + "  *' dev.hapair.proxy.runtime.NativeLibraryCache '*) [ -z \"${FAKE_NATIVE_FAILS:-}\" ] || exit 1\n"
                        + "    for d; do :; done; printf 'lib' > \"$d/libnetty_transport_native_epoll_x86_64.so\"\n"
                        + "    echo \"/usr/lib/jni:/usr/lib${LD_LIBRARY_PATH:+:in-env}\" ;;\n"
                        + "  *' -Xshare:dump '*) printf 'archive of %s' \"$*\" > \"$f\" ;;\n"
                        + "  *' -Xshare:on '*) [ -z \"${FAKE_JVM_REFUSES:-}\" ] ;;\n"
                        + "esac\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        cache = dir.resolve("cache");
    }

    private String run(Map<String, String> env, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("bash", LAUNCHER.toString(), "hapair-proxy"));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("HAPAIR_HOME", home.toString());
        pb.environment().put("JAVA_HOME", jdk.toString());
        pb.environment().put("HAPAIR_CACHE_DIR", cache.toString());
        pb.environment().remove("HAPAIR_CLASS_ARCHIVE");
        pb.environment().remove("HAPAIR_JAVA_OPTS");
        pb.environment().putAll(env);
        Files.deleteIfExists(calls);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        return out;
    }

    private List<String> javaCalls() throws IOException {
        return Files.exists(calls) ? Files.readAllLines(calls) : List.of();
    }

    private List<Path> archives() throws IOException {
        Path d = cache.resolve("cds");
        if (!Files.isDirectory(d)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(d)) {
            return s.sorted().toList();
        }
    }

    private Path config(String name, String text) throws IOException {
        Path f = dir.resolve(name);
        Files.writeString(f, text);
        return f;
    }

    private String daemonLine(String... args) throws IOException, InterruptedException {
        run(Map.of(), args);
        List<String> lines = javaCalls();
        assertEquals(1, lines.size(), lines.toString());
        return lines.get(0);
    }

    @Test
    void fromJdk24OnNettysUnsafeAndNativeAccessAreAllowedExplicitly() throws Exception {
        // without them a JDK 24+ prints its JEP 471/472 warnings on the daemon's stderr at the first use;
        // JDK 17 and 21 do not know the first option and would refuse to start with it
        Path release = jdk.resolve("release");
        Files.writeString(release, "IMPLEMENTOR=\"Eclipse Adoptium\"\nJAVA_VERSION=\"25.0.3\"\n");
        String line = daemonLine("-v");
        assertTrue(line.contains("--sun-misc-unsafe-memory-access=allow"), line);
        assertTrue(line.contains("--enable-native-access=ALL-UNNAMED"), line);
        Files.writeString(release, "JAVA_VERSION=\"17.0.15\"\n");
        line = daemonLine("-v");
        assertTrue(!line.contains("--sun-misc-unsafe-memory-access") && !line.contains("--enable-native-access"), line);
        Files.delete(release); // a JDK without a release file: nothing version-specific
        line = daemonLine("-v");
        assertTrue(!line.contains("--sun-misc-unsafe-memory-access"), line);
    }

    @Test
    void makesOneArchivePerClassListNamedWithItsSizeThenKeepsThem() throws Exception {
        String out = run(Map.of(), "--make-class-archives");
        List<Path> made = archives();
        assertEquals(2, made.size(), out + made);
        for (Path a : made) {
            String name = a.getFileName().toString();
            assertTrue(name.matches("hapair-proxy-(plain|tls)-[0-9]+-[0-9]+-" + Files.size(a) + "\\.jsa"), name);
        }
        assertTrue(javaCalls().stream()
                .anyMatch(c -> c.contains("-Xshare:dump")
                        && c.contains(
                                "-XX:SharedClassListFile=" + home.resolve("lib/cds/hapair-proxy-tls.classlist"))));
        String again = run(Map.of(), "--make-class-archives");
        assertTrue(again.contains("plain: up to date") && again.contains("tls: up to date"), again);
        assertTrue(javaCalls().isEmpty(), "nothing dumped again: " + javaCalls());
    }

    @Test
    void anArchiveTheJvmDoesNotStartWithIsNotKept() throws Exception {
        String out = run(Map.of("FAKE_JVM_REFUSES", "1"), "--make-class-archives");
        assertTrue(out.contains("could not be made"), out);
        assertTrue(
                archives().stream().noneMatch(a -> a.toString().endsWith(".jsa")),
                archives().toString());
        Path cfg = config("plain.cfg", "frontend f\n    bind 127.0.0.1:8080\n");
        assertFalse(daemonLine("-f", cfg.toString()).contains("SharedArchiveFile"));
    }

    @Test
    void theDaemonGetsThePlainOrTheTlsArchiveByItsConfiguration() throws Exception {
        run(Map.of(), "--make-class-archives");
        Path plain = archives().stream()
                .filter(a -> a.getFileName().toString().startsWith("hapair-proxy-plain-"))
                .findFirst()
                .orElseThrow();
        Path tls = archives().stream()
                .filter(a -> a.getFileName().toString().startsWith("hapair-proxy-tls-"))
                .findFirst()
                .orElseThrow();
        Path cfgPlain = config("plain.cfg", "frontend f\n    bind 127.0.0.1:8080\n# bind :443 ssl crt x.pem\n");
        Path cfgTls = config("tls.cfg", "frontend f\n    bind 127.0.0.1:8443 ssl crt /x.pem\n");
        Path cfgBackendTls = config("b.cfg", "backend b\n    server s 127.0.0.1:443 ssl verify none\n");
        assertTrue(daemonLine("-f", cfgPlain.toString()).contains("-XX:SharedArchiveFile=" + plain));
        assertTrue(daemonLine("-f", cfgTls.toString()).contains("-XX:SharedArchiveFile=" + tls));
        assertTrue(daemonLine("-c", "-f", cfgPlain.toString(), "-f", cfgBackendTls.toString())
                .contains("-XX:SharedArchiveFile=" + tls));
        String off = run(Map.of("HAPAIR_CLASS_ARCHIVE", "off"), "-f", cfgPlain.toString());
        assertFalse(javaCalls().get(0).contains("SharedArchiveFile"), off);
        // a directory given to -f counts by its *.cfg files, and every argument after -- is a configuration
        Path conf = Files.createDirectories(dir.resolve("conf.d"));
        Files.writeString(conf.resolve("10-plain.cfg"), "frontend f\n    bind 127.0.0.1:8080\n");
        Files.writeString(conf.resolve("ignored.txt"), "    bind 127.0.0.1:8443 ssl crt /x.pem\n");
        assertTrue(daemonLine("-f", conf.toString()).contains("-XX:SharedArchiveFile=" + plain));
        Files.writeString(conf.resolve("20-tls.cfg"), "frontend g\n    bind 127.0.0.1:8443 ssl crt /x.pem\n");
        assertTrue(daemonLine("-f", conf.toString()).contains("-XX:SharedArchiveFile=" + tls));
        assertTrue(daemonLine("-c", "--", cfgPlain.toString(), cfgTls.toString())
                .contains("-XX:SharedArchiveFile=" + tls));
        Path cfgTemplate = config("t.cfg", "backend b\n    server-template s 1-3 127.0.0.1:443 ssl verify none\n");
        assertTrue(daemonLine("-f", cfgTemplate.toString()).contains("-XX:SharedArchiveFile=" + tls));
    }

    @Test
    void archivesAreReadableByTheDaemonWhateverTheMakersUmaskAndABrokenOneIsMadeAgain() throws Exception {
        Path umask = config("umask.sh", "umask 077\n");
        run(Map.of("BASH_ENV", umask.toString()), "--make-class-archives");
        assertEquals(2, archives().size(), archives().toString());
        for (Path a : archives()) {
            assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(a)), a.toString());
        }
        // and the directories on the way to them
        for (Path d : List.of(cache, cache.resolve("cds"))) {
            assertEquals("rwxr-xr-x", PosixFilePermissions.toString(Files.getPosixFilePermissions(d)), d.toString());
        }
        Path plain = archives().get(0);
        byte[] whole = Files.readAllBytes(plain);
        Files.write(plain, java.util.Arrays.copyOf(whole, whole.length - 1));
        String out = run(Map.of(), "--make-class-archives");
        assertFalse(out.contains("plain: up to date"), out);
        assertEquals(2, archives().size(), archives().toString());
        Path cfg = config("plain.cfg", "frontend f\n    bind 127.0.0.1:8080\n");
        assertTrue(daemonLine("-f", cfg.toString()).contains("SharedArchiveFile"), "made again: " + archives());
    }

    @Test
    void aTruncatedOrStaleArchiveIsNeverNamed() throws Exception {
        run(Map.of(), "--make-class-archives");
        Path cfg = config("plain.cfg", "frontend f\n    bind 127.0.0.1:8080\n");
        Path plain = archives().stream()
                .filter(a -> a.getFileName().toString().startsWith("hapair-proxy-plain-"))
                .findFirst()
                .orElseThrow();
        byte[] whole = Files.readAllBytes(plain);
        Files.write(plain, java.util.Arrays.copyOf(whole, whole.length - 1));
        assertFalse(daemonLine("-f", cfg.toString()).contains("SharedArchiveFile"), "truncated archive named");
        Files.write(plain, whole);
        assertTrue(daemonLine("-f", cfg.toString()).contains("SharedArchiveFile"));
        Path jar = home.resolve("lib/hapair-proxy.jar");
        Files.setLastModifiedTime(
                jar, FileTime.fromMillis(Files.getLastModifiedTime(jar).toMillis() + 5_000));
        assertFalse(daemonLine("-f", cfg.toString()).contains("SharedArchiveFile"), "archive of another jar named");
        Files.setLastModifiedTime(
                jdk.resolve("lib/server/libjvm.so"), FileTime.fromMillis(System.currentTimeMillis() + 10_000));
        run(Map.of(), "--make-class-archives");
        assertEquals(2, archives().size(), "the stale archives were replaced: " + archives());
        assertTrue(daemonLine("-f", cfg.toString()).contains("SharedArchiveFile"));
    }

    @Test
    void theDaemonLoadsNettysEpollLibraryFromTheCacheInFrontOfTheJvmsLibraryPath() throws Exception {
        Path cfg = config("plain.cfg", "frontend f\n    bind 127.0.0.1:8080\n");
        assertFalse(daemonLine("-f", cfg.toString()).contains("java.library.path"), "nothing made yet");
        Path umask = config("umask.sh", "umask 077\n");
        String out =
                run(Map.of("LD_LIBRARY_PATH", "/caller/lib", "BASH_ENV", umask.toString()), "--make-class-archives");
        Path natives = cache.resolve("native");
        List<Path> made;
        try (Stream<Path> s = Files.list(natives)) {
            made = s.toList();
        }
        assertEquals(1, made.size(), out + made);
        Path lib = made.get(0);
        assertTrue(lib.getFileName().toString().matches("hapair-proxy-[0-9]+-[0-9]+"), lib.toString());
        // the JVM's own path as the JVM computes it without the maker's LD_LIBRARY_PATH
        assertEquals(
                "/usr/lib/jni:/usr/lib",
                Files.readString(lib.resolve("library-path")).strip());
        // readable by the daemon's user whatever the maker's umask
        for (Path p : List.of(natives, lib)) {
            assertEquals("rwxr-xr-x", PosixFilePermissions.toString(Files.getPosixFilePermissions(p)), p.toString());
        }
        assertEquals(
                "rw-r--r--",
                PosixFilePermissions.toString(
                        Files.getPosixFilePermissions(lib.resolve("libnetty_transport_native_epoll_x86_64.so"))));
        assertTrue(daemonLine("-f", cfg.toString()).contains("-Djava.library.path=" + lib + ":/usr/lib/jni:/usr/lib "));
        run(Map.of("LD_LIBRARY_PATH", "/opt/x"), "-f", cfg.toString());
        assertTrue(javaCalls().get(0).contains("-Djava.library.path=" + lib + ":/opt/x:/usr/lib/jni:/usr/lib "));
        // also without class archives, and a -Djava.library.path of HAPAIR_JAVA_OPTS comes after it (and wins)
        run(
                Map.of("HAPAIR_CLASS_ARCHIVE", "off", "HAPAIR_JAVA_OPTS", "-Djava.library.path=/mine"),
                "-f",
                cfg.toString());
        String line = javaCalls().get(0);
        assertTrue(
                line.indexOf("-Djava.library.path=" + lib) >= 0
                        && line.indexOf("-Djava.library.path=/mine") > line.indexOf("-Djava.library.path=" + lib),
                line);
        assertTrue(run(Map.of(), "--make-class-archives").contains("native library: up to date"));
        assertTrue(javaCalls().isEmpty(), javaCalls().toString());
        // another jar: a new copy replaces the old one; a copy that fails leaves none and the daemon gets no path
        Path jar = home.resolve("lib/hapair-proxy.jar");
        Files.setLastModifiedTime(
                jar, FileTime.fromMillis(Files.getLastModifiedTime(jar).toMillis() + 5_000));
        assertFalse(daemonLine("-f", cfg.toString()).contains("java.library.path"), "copy of another jar named");
        out = run(Map.of("FAKE_NATIVE_FAILS", "1"), "--make-class-archives");
        assertTrue(out.contains("native library could not be copied"), out);
        assertFalse(daemonLine("-f", cfg.toString()).contains("java.library.path"));
        run(Map.of(), "--make-class-archives");
        try (Stream<Path> s = Files.list(natives)) {
            made = s.toList();
        }
        assertEquals(1, made.size(), made.toString());
        assertTrue(daemonLine("-f", cfg.toString()).contains("-Djava.library.path=" + made.get(0) + ":"));
    }

    private Path archive(String variant) throws IOException {
        return archives().stream()
                .filter(a -> a.getFileName().toString().startsWith("hapair-proxy-" + variant + "-"))
                .findFirst()
                .orElseThrow();
    }

    @Test
    void anArchiveOfAnotherJdkClassesIsNeverNamed() throws Exception {
        run(Map.of(), "--make-class-archives");
        Path cfg = config("plain.cfg", "frontend f\n    bind 127.0.0.1:8080\n");
        assertTrue(daemonLine("-f", cfg.toString()).contains("SharedArchiveFile"));
        // a JDK update that changes lib/modules (the JDK's classes) but not libjvm.so
        Path modules = jdk.resolve("lib/modules");
        Files.setLastModifiedTime(
                modules, FileTime.fromMillis(Files.getLastModifiedTime(modules).toMillis() + 5_000));
        assertFalse(daemonLine("-f", cfg.toString()).contains("SharedArchiveFile"), "archive of other classes named");
        assertFalse(run(Map.of(), "--make-class-archives").contains("up to date"));
        assertTrue(daemonLine("-f", cfg.toString()).contains("SharedArchiveFile"));
    }

    @Test
    void whatAnInterruptedMakeLeftIsRemovedByTheNextOnceItsProcessIsGone() throws Exception {
        run(Map.of(), "--make-class-archives");
        String base = archive("plain").getFileName().toString().replaceAll("-[0-9]+\\.jsa$", "");
        Path cds = cache.resolve("cds");
        // no process has a PID above pid_max (at most 2^22)
        Path gone = Files.writeString(cds.resolve(base + ".tmp99999999"), "half a dump");
        Path goneLog = Files.writeString(cds.resolve(base + ".tmp99999999.log"), "its log");
        Path running = Files.writeString(
                cds.resolve(base + ".tmp" + ProcessHandle.current().pid()), "a dump");
        run(Map.of(), "--make-class-archives");
        assertFalse(Files.exists(gone), archives().toString());
        assertFalse(Files.exists(goneLog), archives().toString());
        assertTrue(Files.exists(running), "a make still running keeps its file");
    }

    @Test
    void healthChecksOverTlsCountForTheTlsArchive() throws Exception {
        run(Map.of(), "--make-class-archives");
        Path tls = archive("tls");
        for (String server : List.of(
                "    server s 127.0.0.1:443 check check-ssl verify none\n",
                "    default-server check-ssl verify none\n    server s 127.0.0.1:443 check\n",
                "    option tcp-check\n    tcp-check connect ssl\n    server s 127.0.0.1:443 check\n",
                "    option httpchk\n    http-check connect port 443 ssl\n    server s 127.0.0.1:443 check\n")) {
            Path cfg = config("checks.cfg", "backend b\n" + server);
            assertTrue(daemonLine("-f", cfg.toString()).contains("-XX:SharedArchiveFile=" + tls), server);
        }
        Path plain = config("plain.cfg", "backend b\n    server s 127.0.0.1:80 check no-ssl\n");
        assertTrue(daemonLine("-f", plain.toString()).contains("-XX:SharedArchiveFile=" + archive("plain")));
    }

    @Test
    void nothingFromACacheOtherUsersCanWriteIsUsed() throws Exception {
        run(Map.of(), "--make-class-archives");
        Path cfg = config("plain.cfg", "frontend f\n    bind 127.0.0.1:8080\n");
        String line = daemonLine("-f", cfg.toString());
        assertTrue(line.contains("SharedArchiveFile") && line.contains("java.library.path"), line);
        Path lib;
        try (Stream<Path> s = Files.list(cache.resolve("native"))) {
            lib = s.findFirst().orElseThrow();
        }
        // someone else could have put a library (or a library path) there: Netty would load it
        Files.setPosixFilePermissions(lib, PosixFilePermissions.fromString("rwxrwxrwx"));
        line = daemonLine("-f", cfg.toString());
        assertFalse(line.contains("java.library.path"), line);
        assertTrue(line.contains("SharedArchiveFile"), line);
        Files.setPosixFilePermissions(lib, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(
                lib.resolve("libnetty_transport_native_epoll_x86_64.so"), PosixFilePermissions.fromString("rw-rw-rw-"));
        assertFalse(daemonLine("-f", cfg.toString()).contains("java.library.path"));
        // the same for an archive (the JVM maps its classes)
        Files.setPosixFilePermissions(cache.resolve("cds"), PosixFilePermissions.fromString("rwxrwxrwx"));
        assertFalse(daemonLine("-f", cfg.toString()).contains("SharedArchiveFile"));
        Files.setPosixFilePermissions(cache.resolve("cds"), PosixFilePermissions.fromString("rwxr-xr-x"));
        assertTrue(daemonLine("-f", cfg.toString()).contains("SharedArchiveFile"));
        Files.setPosixFilePermissions(cache, PosixFilePermissions.fromString("rwxrwxr-x"));
        line = daemonLine("-f", cfg.toString());
        assertFalse(line.contains("SharedArchiveFile") || line.contains("java.library.path"), line);
    }
}
