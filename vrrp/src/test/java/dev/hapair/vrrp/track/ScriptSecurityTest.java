package dev.hapair.vrrp.track;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScriptSecurityTest {
    @TempDir
    Path dir;

    @Test
    void worldWritableScriptOrDirectoryIsRefusedStickyDirectoryIsNot() throws Exception {
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path ok = Files.writeString(dir.resolve("ok.sh"), "#!/bin/sh\n");
        Files.setPosixFilePermissions(ok, PosixFilePermissions.fromString("rwxr-xr-x"));
        assertEquals(Optional.empty(), ScriptSecurity.problem(ok.toString()));

        Path bad = Files.writeString(dir.resolve("bad.sh"), "#!/bin/sh\n");
        Files.setPosixFilePermissions(bad, PosixFilePermissions.fromString("rwxrwxrwx"));
        assertTrue(ScriptSecurity.problem(bad.toString()).orElseThrow().contains("world-writable"));

        Path open = Files.createDirectory(dir.resolve("open"));
        Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rwxrwxrwx"));
        Path inOpen = Files.writeString(open.resolve("s.sh"), "#!/bin/sh\n");
        Files.setPosixFilePermissions(inOpen, PosixFilePermissions.fromString("rwxr-xr-x"));
        assertTrue(ScriptSecurity.problem(inOpen.toString()).orElseThrow().contains("directory " + open));

        Files.setAttribute(open, "unix:mode", 01777);
        assertEquals(Optional.empty(), ScriptSecurity.problem(inOpen.toString()), "sticky like /tmp");
        assertEquals(Optional.empty(), ScriptSecurity.problem("true"), "found on PATH, root-owned");
    }
}
