package dev.hapair.proxy.config;

/**
 * The one wording of "hapair does not do this": {@code file:line: '<keyword>' is not supported by
 * hapair-proxy}, optionally followed by where it was found. Fail closed: a keyword, option, action or
 * argument that hapair does not implement completely is an error, never a warning and never ignored.
 */
final class NotSupported {

    static final String SUFFIX = " is not supported by hapair-proxy";

    private NotSupported() {}

    static LineError error(String keyword) {
        return new LineError(message(keyword, ""));
    }

    /** @param where e.g. "backend 'app'", or "" */
    static LineError error(String keyword, String where) {
        return new LineError(message(keyword, where));
    }

    /** @param detail what exactly is not supported, e.g. "log-format variables ('%') in '%[src]'" */
    static LineError error(String keyword, String where, String detail) {
        return new LineError(message(keyword, where) + ": " + detail);
    }

    static String message(String keyword, String where) {
        return "'" + keyword + "'" + SUFFIX + (where == null || where.isEmpty() ? "" : " (in " + where + ")");
    }
}
