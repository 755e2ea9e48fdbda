package dev.hapair.proxy.config;

import dev.hapair.common.config.SourceLocation;

/**
 * {@code http-check expect [!] status|rstatus|string|rstring PATTERN}. For {@code status}, pattern is a code
 * or a range/list as written ({@code 200}, {@code 200-399}, {@code 200,301}).
 */
public record HttpCheckExpect(boolean negate, Kind kind, String pattern, SourceLocation location) {

    public enum Kind {
        STATUS("status"),
        RSTATUS("rstatus"),
        STRING("string"),
        RSTRING("rstring");

        private final String keyword;

        Kind(String keyword) {
            this.keyword = keyword;
        }

        public String keyword() {
            return keyword;
        }
    }
}
