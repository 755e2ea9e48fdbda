package dev.hapair.proxy.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NativeLibraryCacheTest {
    @TempDir
    Path dir;

    @Test
    void copiesTheEpollLibraryNettyLoadsByTheNameItLooksFor() throws Exception {
        Path lib = NativeLibraryCache.copyInto(dir.resolve("native"));
        // the name Netty's epoll transport asks System.loadLibrary for, on this machine's architecture
        assertEquals(
                "libnetty_transport_native_epoll_x86_64.so", lib.getFileName().toString());
        byte[] expected;
        try (InputStream in = getClass().getClassLoader().getResourceAsStream("META-INF/native/" + lib.getFileName())) {
            expected = in.readAllBytes();
        }
        assertArrayEquals(expected, Files.readAllBytes(lib));
        assertFalse(Files.exists(lib.resolveSibling(lib.getFileName() + ".tmp")));
        // copied again over itself (a second make): same content
        NativeLibraryCache.copyInto(dir.resolve("native"));
        assertArrayEquals(expected, Files.readAllBytes(lib));
    }
}
