package dev.hapair.proxy.lb;

/**
 * A {@code balance} / {@code hash-type} line that cannot be used. The message names the keyword; the
 * config layer prefixes {@code file:line:}.
 */
public final class LbConfigException extends Exception {

    private final String keyword;

    public LbConfigException(String keyword, String message) {
        super(keyword + ": " + message);
        this.keyword = keyword;
    }

    public String keyword() {
        return keyword;
    }
}
