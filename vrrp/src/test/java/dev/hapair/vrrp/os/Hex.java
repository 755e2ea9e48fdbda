package dev.hapair.vrrp.os;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/** Golden-byte helpers: hex with whitespace and {@code #} comments. */
final class Hex {
    private Hex() {}

    static byte[] bytes(String hex) {
        StringBuilder sb = new StringBuilder();
        for (String line : hex.split("\n")) {
            int hash = line.indexOf('#');
            sb.append((hash >= 0 ? line.substring(0, hash) : line).replaceAll("\\s", ""));
        }
        return HexFormat.of().parseHex(sb.toString());
    }

    static byte[] resource(String name) throws IOException {
        try (InputStream in = Hex.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException("missing test resource " + name);
            }
            return bytes(new String(in.readAllBytes(), StandardCharsets.US_ASCII));
        }
    }

    static String of(byte[] b) {
        return HexFormat.of().formatHex(b);
    }
}
