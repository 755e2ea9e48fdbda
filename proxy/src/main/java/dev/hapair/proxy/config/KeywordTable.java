package dev.hapair.proxy.config;

import dev.hapair.common.config.Suggestions;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The vocabulary of one section kind (or sub-keyword family such as {@code timeout X}): keyword as written
 * in haproxy.cfg -> handler. Keywords HAProxy knows but hapair does not implement are registered as
 * unsupported so they produce a warning naming them instead of an "unknown keyword" error.
 *
 * @param <C> the section context handed to handlers
 */
final class KeywordTable<C> {

    @FunctionalInterface
    interface Handler<C> {
        void handle(C context, ConfigLine line);
    }

    /**
     * @param arity for unsupported words inside a line (server/bind options): how many values follow
     */
    record Entry<C>(String keyword, Set<Capability> capabilities, Handler<C> handler, boolean supported, int arity) {
    }

    private final String family;
    private final Map<String, Entry<C>> entries = new LinkedHashMap<>();

    KeywordTable(String family) {
        this.family = family;
    }

    String family() {
        return family;
    }

    KeywordTable<C> register(String keyword, Set<Capability> caps, Handler<C> handler) {
        put(new Entry<>(keyword, caps, handler, true, 0));
        return this;
    }

    KeywordTable<C> register(String keyword, Handler<C> handler) {
        return register(keyword, Capability.ALL, handler);
    }

    /** A word inside a line (server/bind option) followed by {@code arity} values. */
    KeywordTable<C> register(String keyword, int arity, Handler<C> handler) {
        put(new Entry<>(keyword, Capability.ALL, handler, true, arity));
        return this;
    }

    /** A keyword we recognise and ignore with a warning. */
    KeywordTable<C> unsupported(String keyword, Set<Capability> caps, int arity) {
        put(new Entry<>(keyword, caps, (c, l) -> { }, false, arity));
        return this;
    }

    KeywordTable<C> unsupported(String keyword, int arity) {
        return unsupported(keyword, Capability.ALL, arity);
    }

    KeywordTable<C> unsupported(String... keywords) {
        for (String k : keywords) {
            unsupported(k, 0);
        }
        return this;
    }

    private void put(Entry<C> e) {
        if (entries.putIfAbsent(e.keyword(), e) != null) {
            throw new IllegalStateException("keyword registered twice in " + family + ": " + e.keyword());
        }
    }

    Optional<Entry<C>> find(String keyword) {
        return Optional.ofNullable(entries.get(keyword));
    }

    Collection<String> keywords() {
        return entries.keySet();
    }

    String didYouMean(String word) {
        return Suggestions.didYouMean(word, entries.keySet());
    }
}
