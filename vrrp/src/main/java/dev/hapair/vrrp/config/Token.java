package dev.hapair.vrrp.config;

import dev.hapair.common.config.SourceLocation;

/**
 * One word of keepalived.conf. {@code quoted} tells a written {@code "{"} (a string) from a brace; tokens of
 * one physical line share a location.
 */
record Token(String text, boolean quoted, SourceLocation location) {
    boolean isOpenBrace() {
        return !quoted && text.equals("{");
    }

    boolean isCloseBrace() {
        return !quoted && text.equals("}");
    }
}
