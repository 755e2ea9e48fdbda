package dev.hapair.common.json;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class JsonTest {
    @Test
    void escapesPerRfc8259() {
        assertEquals("\"a\\\"b\\\\c\\n\\r\\t\\u0001é\"", Json.quote("a\"b\\c\n\r\t\u0001é"));
        assertEquals("\"\"", Json.quote(""));
        assertEquals("null", Json.quote(null));
    }
}
