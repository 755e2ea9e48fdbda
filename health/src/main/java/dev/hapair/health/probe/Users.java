package dev.hapair.health.probe;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Looks a user up in /etc/passwd (no NSS: enough for the service accounts scripts run as). */
final class Users {

    record Entry(String name, int uid, int gid) {}

    private Users() {}

    static Optional<Entry> lookup(String name) {
        try {
            for (String line : Files.readAllLines(Path.of("/etc/passwd"), StandardCharsets.UTF_8)) {
                String[] f = line.split(":", -1);
                if (f.length >= 4 && f[0].equals(name)) {
                    return Optional.of(new Entry(f[0], Integer.parseInt(f[2]), Integer.parseInt(f[3])));
                }
            }
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    /** Numeric id of a group name (or a numeric string) from /etc/group. */
    static Optional<Integer> groupId(String name) {
        try {
            for (String line : Files.readAllLines(Path.of("/etc/group"), StandardCharsets.UTF_8)) {
                String[] f = line.split(":", -1);
                if (f.length >= 3 && f[0].equals(name)) {
                    return Optional.of(Integer.parseInt(f[2]));
                }
            }
            if (name.chars().allMatch(Character::isDigit) && !name.isEmpty()) {
                return Optional.of(Integer.parseInt(name));
            }
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }
}
