package dev.hapair.proxy.config;

/**
 * One certificate directive of a {@code bind ... ssl} line, in declaration order: the first certificate
 * loaded (from either kind) is the bind's default.
 *
 * @param kind {@code crt FILE|DIR} or {@code crt-list FILE}
 * @param path as written ({@code crt} paths are joined with {@code crt-base}; a {@code crt-list} path is not,
 *             its entries are)
 */
public record CertSource(Kind kind, String path) {
    public enum Kind {
        CRT,
        CRT_LIST
    }

    public static CertSource crt(String path) {
        return new CertSource(Kind.CRT, path);
    }

    public static CertSource crtList(String path) {
        return new CertSource(Kind.CRT_LIST, path);
    }
}
