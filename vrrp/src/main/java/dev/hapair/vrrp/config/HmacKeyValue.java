package dev.hapair.vrrp.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.Set;

/**
 * The value of an {@code auth_hmac} {@code key} line, as keepalived 2.4 reads it: {@code hex:DIGITS} is raw
 * bytes, {@code file:PATH} reads the same kind of value from a file (one trailing line end dropped; a systemd
 * credential is such a file under {@code /run/credentials/UNIT/}), anything else is the ASCII bytes
 * themselves. Length limits are checked by the caller.
 */
final class HmacKeyValue {
    /** "hex:" plus 128 digits plus a little slack, as keepalived sizes its read. */
    static final int MAX_FILE_BYTES = 4 + AuthHmac.MAX_KEY_LENGTH * 2 + 7;

    private static final Set<PosixFilePermission> GROUP_OR_OTHER = EnumSet.of(
            PosixFilePermission.GROUP_READ,
            PosixFilePermission.GROUP_WRITE,
            PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ,
            PosixFilePermission.OTHERS_WRITE,
            PosixFilePermission.OTHERS_EXECUTE);

    private HmacKeyValue() {}

    /** Why a value could not be read: the message names what is wrong, never the secret. */
    static final class BadKey extends Exception {
        BadKey(String message) {
            super(message);
        }
    }

    static byte[] read(String value) throws BadKey {
        if (value.startsWith("file:")) {
            return decode(readFile(Path.of(value.substring(5))), "in file " + value.substring(5));
        }
        return decode(value, "");
    }

    static byte[] decode(String value, String where) throws BadKey {
        String in = where.isEmpty() ? "" : " " + where;
        if (value.startsWith("hex:")) {
            String digits = value.substring(4);
            if (digits.length() % 2 != 0) {
                throw new BadKey("hex: key value" + in + " has an odd number of digits");
            }
            try {
                return HexFormat.of().parseHex(digits);
            } catch (IllegalArgumentException e) {
                throw new BadKey("hex: key value" + in + " has a character that is not a hex digit");
            }
        }
        return value.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static String readFile(Path path) throws BadKey {
        try {
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(path);
            if (perms.stream().anyMatch(GROUP_OR_OTHER::contains)) {
                // keepalived reports this as a security error; hapair fails closed on it
                throw new BadKey("key file '" + path + "' is accessible by group or others (make it mode 0600)");
            }
            byte[] b;
            try (InputStream in = Files.newInputStream(path)) {
                b = in.readNBytes(MAX_FILE_BYTES + 1);
            }
            if (b.length > MAX_FILE_BYTES) {
                throw new BadKey("key file '" + path + "' is too large (at most " + MAX_FILE_BYTES + " bytes)");
            }
            int n = b.length;
            while (n > 0 && (b[n - 1] == '\n' || b[n - 1] == '\r')) {
                n--;
            }
            return new String(Arrays.copyOf(b, n), StandardCharsets.ISO_8859_1);
        } catch (IOException | UnsupportedOperationException e) {
            throw new BadKey("key file '" + path + "' cannot be read: " + e.getMessage());
        }
    }
}
