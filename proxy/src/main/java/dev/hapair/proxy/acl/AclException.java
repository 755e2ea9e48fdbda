package dev.hapair.proxy.acl;

/** An acl or condition that cannot be compiled; the message reads {@code file:line: keyword ...}. */
public final class AclException extends Exception {

    private final String file;
    private final int line;
    private final String keyword;
    private final String detail;

    public AclException(String file, int line, String keyword, String detail) {
        super(file + ":" + line + ": " + detail);
        this.file = file;
        this.line = line;
        this.keyword = keyword;
        this.detail = detail;
    }

    public String file() {
        return file;
    }

    public int line() {
        return line;
    }

    /** The config keyword the error belongs to ({@code acl}, {@code use_backend}, ...). */
    public String keyword() {
        return keyword;
    }

    /** The message without the location. */
    public String detail() {
        return detail;
    }
}
