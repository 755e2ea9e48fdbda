package dev.hapair.vrrp.track;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Optional;

/**
 * keepalived's {@code enable_script_security} rule: a script that anyone could rewrite must not run as a
 * privileged user. A script is refused when the file, or a directory on its path, is world-writable (a
 * directory with the sticky bit, like /tmp, only lets owners replace their files, so it passes).
 */
public final class ScriptSecurity {
    private static final int S_IWOTH = 0002;
    private static final int S_ISVTX = 01000;

    private ScriptSecurity() {}

    /** Why {@code command}'s executable is insecure, or empty when it may run. */
    public static Optional<String> problem(String executable) {
        Path p = resolve(executable);
        if (p == null) {
            return Optional.empty(); // a bare name found on no PATH entry: running it fails and is reported then
        }
        try {
            int mode = mode(p);
            if ((mode & S_IWOTH) != 0) {
                return Optional.of(p + " is world-writable");
            }
            for (Path dir = p.toAbsolutePath().getParent(); dir != null; dir = dir.getParent()) {
                int dm = mode(dir);
                if ((dm & S_IWOTH) != 0 && (dm & S_ISVTX) == 0) {
                    return Optional.of("directory " + dir + " of " + p + " is world-writable");
                }
            }
        } catch (IOException | UnsupportedOperationException e) {
            return Optional.of("cannot check " + p + ": " + e.getMessage());
        }
        return Optional.empty();
    }

    private static int mode(Path p) throws IOException {
        return (Integer) Files.getAttribute(p, "unix:mode");
    }

    private static Path resolve(String executable) {
        if (executable.contains("/")) {
            Path p = Path.of(executable);
            return Files.exists(p, LinkOption.NOFOLLOW_LINKS) ? p : null;
        }
        String path = System.getenv().getOrDefault("PATH", "/usr/sbin:/usr/bin:/sbin:/bin");
        for (String dir : path.split(":")) {
            if (!dir.isEmpty()) {
                Path p = Path.of(dir, executable);
                if (Files.isExecutable(p)) {
                    return p;
                }
            }
        }
        return null;
    }
}
