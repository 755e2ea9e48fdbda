package dev.hapair.proxy.rules;

import dev.hapair.common.config.SourceLocation;

/** A rule, error file or format that cannot be compiled; names file:line and the keyword. */
public final class RuleException extends Exception {

    private final SourceLocation location;
    private final String keyword;
    private final String detail;

    public RuleException(SourceLocation location, String keyword, String detail) {
        super(location + ": " + detail);
        this.location = location;
        this.keyword = keyword;
        this.detail = detail;
    }

    public SourceLocation location() {
        return location;
    }

    public String keyword() {
        return keyword;
    }

    public String detail() {
        return detail;
    }
}
