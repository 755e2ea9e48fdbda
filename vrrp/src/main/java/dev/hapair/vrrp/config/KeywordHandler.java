package dev.hapair.vrrp.config;

/** Applies one keyword's statement to the draft of the section it appears in. */
@FunctionalInterface
interface KeywordHandler<D> {
    void handle(ConfigNode node, D draft, ParseContext ctx);
}
