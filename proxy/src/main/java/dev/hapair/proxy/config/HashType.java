package dev.hapair.proxy.config;

import dev.hapair.common.config.SourceLocation;

/**
 * {@code hash-type map-based|consistent [sdbm|djb2|wt6|crc32|none] [avalanche]}; default map-based sdbm.
 */
public record HashType(Method method, String function, boolean avalanche, SourceLocation location) {

    public enum Method {
        MAP_BASED("map-based"),
        CONSISTENT("consistent");

        private final String keyword;

        Method(String keyword) {
            this.keyword = keyword;
        }

        public String keyword() {
            return keyword;
        }
    }

    public static HashType defaults() {
        return new HashType(Method.MAP_BASED, "sdbm", false, SourceLocation.NONE);
    }
}
