package dev.hapair.proxy.runtime;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.Structure;
import java.io.IOException;
import java.util.OptionalInt;

/**
 * The few libc calls the JDK lacks: account lookups, chroot, dropping privileges, detaching stdio.
 * glibc's setuid/setgid/setgroups apply to every thread of the process (it broadcasts them), so the
 * event loops already running lose their privileges too.
 */
final class Posix {

    interface LibC extends Library {
        Passwd getpwnam(String name);

        Group getgrnam(String name);

        int geteuid() throws LastErrorException;

        int chroot(String path) throws LastErrorException;

        int chdir(String path) throws LastErrorException;

        int setgroups(long size, int[] list) throws LastErrorException;

        int setgid(int gid) throws LastErrorException;

        int setuid(int uid) throws LastErrorException;

        int open(String path, int flags) throws LastErrorException;

        int dup2(int from, int to) throws LastErrorException;

        int close(int fd) throws LastErrorException;
    }

    /** {@code struct passwd}: only the leading fields are read. */
    @Structure.FieldOrder({"pw_name", "pw_passwd", "pw_uid", "pw_gid"})
    public static final class Passwd extends Structure {
        public String pw_name;
        public String pw_passwd;
        public int pw_uid;
        public int pw_gid;

        public Passwd() {}

        public Passwd(Pointer p) {
            super(p);
            read();
        }
    }

    /** {@code struct group}: only the leading fields are read. */
    @Structure.FieldOrder({"gr_name", "gr_passwd", "gr_gid"})
    public static final class Group extends Structure {
        public String gr_name;
        public String gr_passwd;
        public int gr_gid;

        public Group() {}

        public Group(Pointer p) {
            super(p);
            read();
        }
    }

    private static final int O_RDWR = 2;

    private static volatile LibC libc;

    private Posix() {}

    private static LibC libc() {
        LibC l = libc;
        if (l == null) {
            l = Native.load("c", LibC.class);
            libc = l;
        }
        return l;
    }

    /** Loads libc and JNA's native part now: after chroot their files may no longer be reachable. */
    static void preload() {
        libc();
    }

    static OptionalInt uidOf(String user) {
        Passwd p = libc().getpwnam(user);
        return p == null ? OptionalInt.empty() : OptionalInt.of(p.pw_uid);
    }

    static OptionalInt gidOf(String group) {
        Group g = libc().getgrnam(group);
        return g == null ? OptionalInt.empty() : OptionalInt.of(g.gr_gid);
    }

    static int geteuid() {
        return libc().geteuid();
    }

    static void chroot(String dir) throws IOException {
        try {
            libc().chroot(dir);
            libc().chdir("/");
        } catch (LastErrorException e) {
            throw new IOException("cannot chroot(" + dir + "): " + strerror(e));
        }
    }

    static void setgid(int gid) throws IOException {
        try {
            // no supplementary group of the starting user (root) may survive the drop
            libc().setgroups(1, new int[] {gid});
            libc().setgid(gid);
        } catch (LastErrorException e) {
            throw new IOException("cannot set gid " + gid + ": " + strerror(e));
        }
    }

    static void dropSupplementaryGroups() throws IOException {
        try {
            libc().setgroups(0, null);
        } catch (LastErrorException e) {
            throw new IOException("cannot drop supplementary groups: " + strerror(e));
        }
    }

    static void setuid(int uid) throws IOException {
        try {
            libc().setuid(uid);
        } catch (LastErrorException e) {
            throw new IOException("cannot set uid " + uid + ": " + strerror(e));
        }
    }

    /** Points stdin, stdout and stderr at /dev/null (a daemon keeps no terminal open). */
    static void detachStdio() throws IOException {
        try {
            int fd = libc().open("/dev/null", O_RDWR);
            for (int std = 0; std <= 2; std++) {
                libc().dup2(fd, std);
            }
            if (fd > 2) {
                libc().close(fd);
            }
        } catch (LastErrorException e) {
            throw new IOException("cannot redirect stdio to /dev/null: " + strerror(e));
        }
    }

    private static String strerror(LastErrorException e) {
        return switch (e.getErrorCode()) {
            case 1 -> "Operation not permitted";
            case 2 -> "No such file or directory";
            case 13 -> "Permission denied";
            case 20 -> "Not a directory";
            default -> "errno " + e.getErrorCode();
        };
    }
}
