package dev.hapair.health.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class CommandLineTest {

    @Test
    void splitsOnBlanks() {
        assertEquals(List.of("killall", "-0", "haproxy"), CommandLine.split("killall -0 haproxy"));
        assertEquals(List.of("a", "b"), CommandLine.split("  a\t b  "));
    }

    @Test
    void respectsQuotesAndEscapes() {
        assertEquals(List.of("/bin/sh", "-c", "echo 'x' $HOME"), CommandLine.split("/bin/sh -c \"echo 'x' $HOME\""));
        assertEquals(List.of("say", "a \"b\" c"), CommandLine.split("say 'a \"b\" c'"));
        assertEquals(List.of("a b", "c\"d"), CommandLine.split("a\\ b \"c\\\"d\""));
        assertEquals(List.of("pre-quoted-post"), CommandLine.split("pre-'quoted'-post"));
        assertEquals(List.of(""), CommandLine.split("''"));
    }

    @Test
    void rejectsUnterminatedQuotesAndEmpty() {
        assertThrows(IllegalArgumentException.class, () -> CommandLine.split("echo 'oops"));
        assertThrows(IllegalArgumentException.class, () -> CommandLine.split("echo \"oops"));
        assertThrows(IllegalArgumentException.class, () -> CommandLine.split("   "));
    }
}
