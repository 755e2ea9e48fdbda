package dev.hapair.vrrp.os;

import java.util.Map;

/**
 * errno values the OS layer meets, with their symbolic names and what an operator should do about them.
 * The numbers are Linux's (asm-generic/errno-base.h, errno.h).
 */
public final class Errno {
    public static final int EPERM = 1;
    public static final int ENOENT = 2;
    public static final int EINTR = 4;
    public static final int EBADF = 9;
    public static final int EAGAIN = 11;
    public static final int ENOMEM = 12;
    public static final int EACCES = 13;
    public static final int EBUSY = 16;
    public static final int EEXIST = 17;
    public static final int ENODEV = 19;
    public static final int EINVAL = 22;
    public static final int ENOBUFS = 105;
    public static final int EMSGSIZE = 90;
    public static final int EPROTONOSUPPORT = 93;
    public static final int EOPNOTSUPP = 95;
    public static final int EAFNOSUPPORT = 97;
    public static final int EADDRINUSE = 98;
    public static final int EADDRNOTAVAIL = 99;
    public static final int ENETDOWN = 100;
    public static final int ENETUNREACH = 101;
    public static final int ENXIO = 6;
    public static final int ETIMEDOUT = 110;
    public static final int EHOSTUNREACH = 113;

    private record Info(String name, String text) {}

    private static final Map<Integer, Info> INFO = Map.ofEntries(
            Map.entry(EPERM, new Info("EPERM", "Operation not permitted")),
            Map.entry(ENOENT, new Info("ENOENT", "No such file or directory")),
            Map.entry(EINTR, new Info("EINTR", "Interrupted system call")),
            Map.entry(EBADF, new Info("EBADF", "Bad file descriptor")),
            Map.entry(EAGAIN, new Info("EAGAIN", "Resource temporarily unavailable")),
            Map.entry(ENOMEM, new Info("ENOMEM", "Cannot allocate memory")),
            Map.entry(EACCES, new Info("EACCES", "Permission denied")),
            Map.entry(EBUSY, new Info("EBUSY", "Device or resource busy")),
            Map.entry(EEXIST, new Info("EEXIST", "File exists")),
            Map.entry(ENODEV, new Info("ENODEV", "No such device")),
            Map.entry(ENXIO, new Info("ENXIO", "No such device or address")),
            Map.entry(EINVAL, new Info("EINVAL", "Invalid argument")),
            Map.entry(ENOBUFS, new Info("ENOBUFS", "No buffer space available")),
            Map.entry(EMSGSIZE, new Info("EMSGSIZE", "Message too long")),
            Map.entry(EPROTONOSUPPORT, new Info("EPROTONOSUPPORT", "Protocol not supported")),
            Map.entry(EOPNOTSUPP, new Info("EOPNOTSUPP", "Operation not supported")),
            Map.entry(EAFNOSUPPORT, new Info("EAFNOSUPPORT", "Address family not supported by protocol")),
            Map.entry(EADDRINUSE, new Info("EADDRINUSE", "Address already in use")),
            Map.entry(EADDRNOTAVAIL, new Info("EADDRNOTAVAIL", "Cannot assign requested address")),
            Map.entry(ENETDOWN, new Info("ENETDOWN", "Network is down")),
            Map.entry(ENETUNREACH, new Info("ENETUNREACH", "Network is unreachable")),
            Map.entry(ETIMEDOUT, new Info("ETIMEDOUT", "Connection timed out")),
            Map.entry(EHOSTUNREACH, new Info("EHOSTUNREACH", "No route to host")));

    private Errno() {}

    /** Symbolic name, e.g. {@code EEXIST}; {@code errno 1234} for values not in the table. */
    public static String name(int errno) {
        Info info = INFO.get(errno);
        return info != null ? info.name() : "errno " + errno;
    }

    /** {@code EEXIST (File exists)}. */
    public static String describe(int errno) {
        Info info = INFO.get(errno);
        return info != null ? info.name() + " (" + info.text() + ")" : "errno " + errno;
    }
}
