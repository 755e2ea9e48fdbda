package dev.hapair.proxy.rules;

import com.sun.jna.Library;
import com.sun.jna.Native;
import dev.hapair.proxy.config.UserlistConfig;
import dev.hapair.proxy.sample.SampleContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code userlist} sections, checking Basic credentials for {@code http_auth()}: plain
 * ({@code insecure-password}) or crypt(3) hashes through libcrypt. Successful checks of hashed passwords
 * are remembered (bounded) so an event loop runs crypt(3) once per user and password, not per request.
 */
public final class Userlists implements SampleContext.UserCheck {

    public static final Userlists NONE = new Userlists(Map.of());

    private record User(String secret, boolean insecure, Set<String> groups) {}

    private final Map<String, Map<String, User>> lists;
    private final Map<String, Boolean> verified =
            java.util.Collections.synchronizedMap(new LinkedHashMap<>(16, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Boolean> e) {
                    return size() > 1024;
                }
            });

    private Userlists(Map<String, Map<String, User>> lists) {
        this.lists = lists;
    }

    public static Userlists of(List<UserlistConfig> configs) {
        Map<String, Map<String, User>> lists = new HashMap<>();
        for (UserlistConfig u : configs) {
            Map<String, Set<String>> groupsOf = new HashMap<>();
            for (UserlistConfig.Group g : u.groups()) {
                for (String member : g.users()) {
                    groupsOf.computeIfAbsent(member, k -> new LinkedHashSet<>()).add(g.name());
                }
            }
            Map<String, User> users = new HashMap<>();
            for (UserlistConfig.User user : u.users()) {
                Set<String> groups = new LinkedHashSet<>(user.groups());
                groups.addAll(groupsOf.getOrDefault(user.name(), Set.of()));
                users.put(user.name(), new User(user.secret(), user.insecure(), groups));
            }
            lists.put(u.name(), users);
        }
        return new Userlists(lists);
    }

    public boolean exists(String list) {
        return lists.containsKey(list);
    }

    @Override
    public Set<String> authenticate(String list, String user, String password) {
        Map<String, User> users = lists.get(list);
        User u = users == null ? null : users.get(user);
        if (u == null) {
            return null;
        }
        boolean ok;
        if (u.insecure()) {
            ok = MessageDigest.isEqual(
                    u.secret().getBytes(StandardCharsets.ISO_8859_1), password.getBytes(StandardCharsets.ISO_8859_1));
        } else {
            String key = list + '\0' + user + '\0' + password;
            Boolean known = verified.get(key);
            if (known == null) {
                String h = Crypt.crypt(password, u.secret());
                known = h != null
                        && MessageDigest.isEqual(
                                h.getBytes(StandardCharsets.ISO_8859_1),
                                u.secret().getBytes(StandardCharsets.ISO_8859_1));
                if (known) {
                    verified.put(key, true);
                }
            }
            ok = known;
        }
        return ok ? u.groups() : null;
    }

    /** crypt(3) from libcrypt; it keeps its result in a static buffer, hence the lock. */
    static final class Crypt {
        interface LibCrypt extends Library {
            String crypt(String key, String salt);
        }

        private static LibCrypt lib;

        static synchronized String crypt(String key, String salt) {
            if (lib == null) {
                lib = Native.load("crypt", LibCrypt.class);
            }
            return lib.crypt(key, salt);
        }
    }
}
