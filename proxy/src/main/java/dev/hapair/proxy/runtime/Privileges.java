package dev.hapair.proxy.runtime;

import dev.hapair.proxy.config.ConfigDiagnostic;
import dev.hapair.proxy.config.ConfigException;
import dev.hapair.proxy.config.GlobalConfig;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The global {@code user}/{@code uid}, {@code group}/{@code gid} and {@code chroot} of a configuration,
 * resolved to ids. As HAProxy: names that do not exist are configuration errors (at {@code -c} too), and
 * the process gives up its privileges only after every listener is bound: chroot first, then the groups
 * (supplementary ones dropped), then the uid.
 */
public record Privileges(OptionalInt uid, OptionalInt gid, Optional<String> chroot) {

    /** Looks accounts up; injected so tests do not depend on the host's users. */
    public interface Accounts {
        OptionalInt uid(String user);

        OptionalInt gid(String group);

        /** The host's accounts (getpwnam/getgrnam: /etc/passwd, /etc/group or any NSS source). */
        Accounts SYSTEM = new Accounts() {
            @Override
            public OptionalInt uid(String user) {
                return Posix.uidOf(user);
            }

            @Override
            public OptionalInt gid(String group) {
                return Posix.gidOf(group);
            }
        };
    }

    public static final Privileges NONE = new Privileges(OptionalInt.empty(), OptionalInt.empty(), Optional.empty());

    public boolean isNone() {
        return equals(NONE);
    }

    /** The errors of {@link #resolve}, as diagnostics (for {@code -c}). */
    public static List<ConfigDiagnostic> validate(GlobalConfig g, Accounts accounts) {
        List<ConfigDiagnostic> out = new ArrayList<>();
        lookup(g, accounts, out);
        return out;
    }

    public static Privileges resolve(GlobalConfig g, Accounts accounts) throws ConfigException {
        List<ConfigDiagnostic> errors = new ArrayList<>();
        Privileges p = lookup(g, accounts, errors);
        if (!errors.isEmpty()) {
            throw new ConfigException(errors);
        }
        return p;
    }

    private static Privileges lookup(GlobalConfig g, Accounts accounts, List<ConfigDiagnostic> errors) {
        OptionalInt uid = OptionalInt.empty();
        OptionalInt gid = OptionalInt.empty();
        if (g.user().isPresent()) {
            String u = g.user().get();
            String kw = g.lines().containsKey("uid") && !g.lines().containsKey("user") ? "uid" : "user";
            uid = u.matches("[0-9]+") ? OptionalInt.of(Integer.parseInt(u)) : accounts.uid(u);
            if (uid.isEmpty()) {
                errors.add(ConfigDiagnostic.alert(g.lineOf(kw), kw, "cannot find user id for '" + u + "'"));
            }
        }
        if (g.group().isPresent()) {
            String gr = g.group().get();
            String kw = g.lines().containsKey("gid") && !g.lines().containsKey("group") ? "gid" : "group";
            gid = gr.matches("[0-9]+") ? OptionalInt.of(Integer.parseInt(gr)) : accounts.gid(gr);
            if (gid.isEmpty()) {
                errors.add(ConfigDiagnostic.alert(g.lineOf(kw), kw, "cannot find group id for '" + gr + "'"));
            }
        }
        for (dev.hapair.proxy.config.StatsSocket sock : g.statsSockets()) {
            // 'stats socket ... user U group G' chowns the socket file: the names must exist too
            sock.user()
                    .filter(u -> !u.matches("[0-9]+") && accounts.uid(u).isEmpty())
                    .ifPresent(u -> errors.add(
                            ConfigDiagnostic.alert(sock.location(), "stats", "cannot find user id for '" + u + "'")));
            sock.group()
                    .filter(x -> !x.matches("[0-9]+") && accounts.gid(x).isEmpty())
                    .ifPresent(x -> errors.add(
                            ConfigDiagnostic.alert(sock.location(), "stats", "cannot find group id for '" + x + "'")));
        }
        return new Privileges(uid, gid, g.chroot());
    }

    /**
     * Gives the privileges up, for good: chroot (then chdir /), groups, uid. Call once listeners are bound
     * and everything that reads files outside the chroot is loaded.
     */
    public void apply() throws IOException {
        if (isNone()) {
            return;
        }
        Posix.preload();
        if (chroot.isPresent()) {
            // the JDK reads its time-zone and locale data lazily from java.home, which the chroot hides
            java.time.format.DateTimeFormatter.ofPattern("MMM ppd HH:mm:ss", java.util.Locale.ENGLISH)
                    .format(java.time.ZonedDateTime.now());
            Posix.chroot(chroot.get());
        }
        if (gid.isPresent()) {
            Posix.setgid(gid.getAsInt());
        } else if (uid.isPresent() && Posix.geteuid() == 0) {
            Posix.dropSupplementaryGroups();
        }
        if (uid.isPresent()) {
            Posix.setuid(uid.getAsInt());
        }
    }

    /** "user 33, group 33, chroot /var/lib/haproxy" for the start-up notice. */
    public String describe() {
        List<String> parts = new ArrayList<>();
        uid.ifPresent(u -> parts.add("uid " + u));
        gid.ifPresent(g -> parts.add("gid " + g));
        chroot.ifPresent(c -> parts.add("chroot " + c));
        return String.join(", ", parts);
    }
}
