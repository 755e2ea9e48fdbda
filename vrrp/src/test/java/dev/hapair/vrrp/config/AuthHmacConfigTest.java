package dev.hapair.vrrp.config;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The auth_hmac block as keepalived.conf(5) of keepalived 2.4 documents it: keys, defaults, rotation diff. */
class AuthHmacConfigTest {
    private static final String HEX_KEY = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";
    private static final String ASCII_KEY = "correct horse battery staple 32b";

    private static String conf(String advertInt, String authBody) {
        return "vrrp_instance VI_1 {\n  interface eth0\n  virtual_router_id 51\n  advert_int " + advertInt + "\n"
                + "  virtual_ipaddress {\n    10.213.0.10\n  }\n  auth_hmac {\n" + authBody + "  }\n}\n";
    }

    private static AuthHmac parse(String text) {
        ConfigResult r = KeepalivedConfigParser.parse(text, "keepalived.conf");
        assertFalse(r.hasErrors(), r.diagnostics().toString());
        return r.config().orElseThrow().instances().get(0).authHmac().orElseThrow();
    }

    @Test
    void inlineHexAndAsciiKeysWithDefaults() {
        AuthHmac a = parse(
                conf("1", "    key 1 hex:" + HEX_KEY + "\n    key 2 \"" + ASCII_KEY + "\"\n" + "    active_key 2\n"));
        assertArrayEquals(HexFormat.of().parseHex(HEX_KEY), a.key(1));
        assertArrayEquals(ASCII_KEY.getBytes(StandardCharsets.US_ASCII), a.key(2));
        assertEquals(2, a.activeKey());
        assertEquals(AuthHmac.Mode.ENFORCE, a.mode(), "mode defaults to enforce");
        assertEquals(AuthHmac.AntiReplay.TIME, a.antiReplay(), "anti_replay defaults to time");
        assertEquals(5, a.timeWindowSeconds(), "max(3 x 1 s, 5)");
        assertFalse(a.toString().contains(HEX_KEY.substring(0, 8)), "never prints key material: " + a);
    }

    @Test
    void windowDerivedFromAdvertIntervalAndExplicitSettings() {
        assertEquals(
                12,
                parse(conf("4", "    key 1 hex:" + HEX_KEY + "\n    active_key 1\n"))
                        .timeWindowSeconds());
        assertEquals(
                300,
                parse(conf("200", "    key 1 hex:" + HEX_KEY + "\n    active_key 1\n"))
                        .timeWindowSeconds());
        AuthHmac a = parse(conf(
                "1",
                "    key 1 hex:" + HEX_KEY + "\n    active_key 1\n    anti_replay monotonic\n"
                        + "    time_window 9\n    mode receive-only\n"));
        assertEquals(AuthHmac.AntiReplay.MONOTONIC, a.antiReplay());
        assertEquals(9, a.timeWindowSeconds());
        assertEquals(AuthHmac.Mode.RECEIVE_ONLY, a.mode());
        assertEquals(
                AuthHmac.Mode.PERMISSIVE,
                parse(conf("1", "    key 1 hex:" + HEX_KEY + "\n    active_key 1\n" + "    mode permissive\n"))
                        .mode());
    }

    @Test
    void keyFromFileLikeASystemdCredential(@TempDir Path dir) throws Exception {
        Path hex = dir.resolve("vrrp51_1");
        Files.writeString(hex, "hex:" + HEX_KEY + "\n");
        Files.setPosixFilePermissions(hex, PosixFilePermissions.fromString("rw-------"));
        Path ascii = dir.resolve("vrrp51_2");
        Files.writeString(ascii, ASCII_KEY + "\r\n");
        Files.setPosixFilePermissions(ascii, PosixFilePermissions.fromString("r--------"));
        AuthHmac a = parse(conf("1", "    key 1 file:" + hex + "\n    key 2 file:" + ascii + "\n    active_key 1\n"));
        assertArrayEquals(HexFormat.of().parseHex(HEX_KEY), a.key(1));
        assertArrayEquals(ASCII_KEY.getBytes(StandardCharsets.US_ASCII), a.key(2), "line end dropped");
    }

    @Test
    void keyFromASystemdCredentialThroughEnvExpansion(@TempDir Path dir) throws Exception {
        // keepalived's documented form: systemd's LoadCredential= puts the key under $CREDENTIALS_DIRECTORY
        Path cred = dir.resolve("vrrp_hmac");
        Files.writeString(cred, "hex:" + HEX_KEY);
        Files.setPosixFilePermissions(cred, PosixFilePermissions.fromString("r--------"));
        String text = conf("1", "    key 1 file:${_ENV CREDENTIALS_DIRECTORY}/vrrp_hmac\n    active_key 1\n");
        ConfigResult r = KeepalivedConfigParser.parse(
                text, "keepalived.conf", Path.of(""), "lb1", Map.of("CREDENTIALS_DIRECTORY", dir.toString())::get);
        assertFalse(r.hasErrors(), r.diagnostics().toString());
        AuthHmac a = r.config().orElseThrow().instances().get(0).authHmac().orElseThrow();
        assertArrayEquals(HexFormat.of().parseHex(HEX_KEY), a.key(1));

        // outside systemd (no credentials): an error naming the variable, and the key line's error after it
        r = KeepalivedConfigParser.parse(text, "keepalived.conf", Path.of(""), "lb1", Map.<String, String>of()::get);
        assertEquals(
                "keepalived.conf:9: ${_ENV CREDENTIALS_DIRECTORY}: the environment variable CREDENTIALS_DIRECTORY"
                        + " is not set",
                r.errors().get(0).toString());
    }

    @Test
    void keyFileReadableByOthersOrTooLargeIsAnError(@TempDir Path dir) throws Exception {
        Path open = dir.resolve("k");
        Files.writeString(open, "hex:" + HEX_KEY);
        Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rw-r--r--"));
        ConfigResult r = KeepalivedConfigParser.parse(
                conf("1", "    key 1 file:" + open + "\n    active_key 1\n"), "keepalived.conf");
        assertEquals(
                "keepalived.conf:9: key 1 in auth_hmac of vrrp_instance VI_1: key file '" + open
                        + "' is accessible by group or others (make it mode 0600)",
                r.errors().get(0).toString());
        Path big = dir.resolve("big");
        Files.writeString(big, "x".repeat(200));
        Files.setPosixFilePermissions(big, PosixFilePermissions.fromString("rw-------"));
        r = KeepalivedConfigParser.parse(conf("1", "    key 1 file:" + big + "\n    active_key 1\n"), "k.conf");
        assertTrue(
                r.errors().get(0).toString().contains("is too large"),
                r.errors().toString());
    }

    @Test
    void rotationIsAChangeThatKeepsEveryOtherSetting() {
        String two = "    key 1 hex:" + HEX_KEY + "\n    key 2 \"" + ASCII_KEY + "\"\n";
        var before = KeepalivedConfigParser.parse(conf("1", two + "    active_key 1\n"), "k")
                .config()
                .orElseThrow()
                .instances()
                .get(0);
        var after = KeepalivedConfigParser.parse(conf("1", two + "    active_key 2\n"), "k")
                .config()
                .orElseThrow()
                .instances()
                .get(0);
        var same = KeepalivedConfigParser.parse("\n" + conf("1", two + "    active_key 1\n"), "k")
                .config()
                .orElseThrow()
                .instances()
                .get(0);
        assertFalse(before.sameSettingsAs(after), "a new active key is a change");
        assertTrue(before.sameSettingsButAuthHmac(after), "... that can be applied in place");
        assertTrue(before.sameSettingsAs(same), "moved lines are no change");
        var without = KeepalivedConfigParser.parse(
                        conf("1", "    key 1 hex:" + HEX_KEY + "\n    active_key 1\n")
                                .replace("  auth_hmac {\n    key 1 hex:" + HEX_KEY + "\n    active_key 1\n  }\n", ""),
                        "k")
                .config()
                .orElseThrow()
                .instances()
                .get(0);
        assertFalse(before.sameSettingsButAuthHmac(without), "adding or removing the block restarts the instance");
    }
}
