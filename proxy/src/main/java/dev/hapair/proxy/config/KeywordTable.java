package dev.hapair.proxy.config;

import dev.hapair.common.config.Suggestions;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The vocabulary of one section kind (or sub-keyword family such as {@code timeout X}): keyword as written
 * in haproxy.cfg -> handler. Every entry declares its {@link Support}: hapair fails closed, so a keyword
 * HAProxy knows but hapair does not implement completely is registered as {@link Support#UNSUPPORTED} and
 * is an error naming it; only the knobs of {@link TuningKeywords} (which cannot change what traffic is
 * allowed or where it goes) are accepted with a warning.
 *
 * @param <C> the section context handed to handlers
 */
final class KeywordTable<C> {

    @FunctionalInterface
    interface Handler<C> {
        void handle(C context, ConfigLine line);
    }

    /** What hapair does with a keyword. */
    enum Support {
        /** Implemented completely: the handler applies it. */
        IMPLEMENTED,
        /** Not implemented (or not completely): an error at -c, start and reload. */
        UNSUPPORTED,
        /** An entry of {@link TuningKeywords}: ignored with a warning naming it. */
        TUNING
    }

    /**
     * @param arity  for words inside a line (server/bind options): how many values follow
     * @param reason for {@link Support#TUNING}: why ignoring it cannot change what traffic is allowed or where
     *               it goes; "" otherwise
     */
    record Entry<C>(
            String keyword,
            Set<Capability> capabilities,
            Handler<C> handler,
            Support support,
            int arity,
            String reason) {
        boolean supported() {
            return support == Support.IMPLEMENTED;
        }
    }

    /**
     * Handles every implemented keyword of a table in one method, a switch on the keyword. Why not a lambda per
     * keyword: each lambda is an invokedynamic call site that the JVM links when the table is built, at every
     * start, whether a configuration uses the keyword or not; the tables' 196 lambdas ran the method-handle
     * machinery (java.lang.invoke, its ASM, MethodType tables) thousands of times, enough for C1 to compile many of
     * its methods, and left their classes in the class archive and call sites, method handles and symbols in the
     * process: 0.2-0.6 MiB of idle RSS (bench/README.md, "Session 12 -- idle12").
     */
    @FunctionalInterface
    interface Dispatcher<C> {
        void handle(String keyword, C context, ConfigLine line);
    }

    /** An implemented keyword's handler: its table's dispatcher, told which keyword it handles. */
    private record Case<C>(Dispatcher<C> dispatcher, String keyword) implements Handler<C> {
        @Override
        public void handle(C context, ConfigLine line) {
            dispatcher.handle(keyword, context, line);
        }
    }

    private final String family;
    private final Dispatcher<C> dispatcher;
    private final Map<String, Entry<C>> entries = new LinkedHashMap<>();

    KeywordTable(String family) {
        this(family, null);
    }

    /** A table whose {@link #implemented} keywords are handled by {@code dispatcher}. */
    KeywordTable(String family, Dispatcher<C> dispatcher) {
        this.family = family;
        this.dispatcher = dispatcher;
    }

    /**
     * A dispatcher's answer to a keyword it has no case for: a keyword registered with {@link #implemented} but
     * missing from its table's switch (a programming error, which KeywordTablesTest's walk of every entry finds).
     */
    static IllegalStateException noCase(String keyword) {
        return new IllegalStateException("keyword '" + keyword + "' is registered but has no case in its dispatcher");
    }

    String family() {
        return family;
    }

    KeywordTable<C> register(String keyword, Set<Capability> caps, Handler<C> handler) {
        put(new Entry<>(keyword, caps, handler, Support.IMPLEMENTED, 0, ""));
        return this;
    }

    KeywordTable<C> register(String keyword, Handler<C> handler) {
        return register(keyword, Capability.ALL, handler);
    }

    /** A word inside a line (server/bind option) followed by {@code arity} values. */
    KeywordTable<C> register(String keyword, int arity, Handler<C> handler) {
        put(new Entry<>(keyword, Capability.ALL, handler, Support.IMPLEMENTED, arity, ""));
        return this;
    }

    /** An implemented keyword, handled by this table's dispatcher's case for it. */
    KeywordTable<C> implemented(String keyword, Set<Capability> caps) {
        put(new Entry<>(keyword, caps, dispatched(keyword), Support.IMPLEMENTED, 0, ""));
        return this;
    }

    KeywordTable<C> implemented(String keyword) {
        return implemented(keyword, Capability.ALL);
    }

    /** An implemented word inside a line (server/bind option) followed by {@code arity} values. */
    KeywordTable<C> implemented(String keyword, int arity) {
        put(new Entry<>(keyword, Capability.ALL, dispatched(keyword), Support.IMPLEMENTED, arity, ""));
        return this;
    }

    /**
     * An implemented keyword handled by another class's dispatcher (keywords that class adds to this table, as
     * {@link RuleKeywords} does to the proxy sections' table).
     */
    KeywordTable<C> implemented(String keyword, Set<Capability> caps, Dispatcher<C> by) {
        put(new Entry<>(keyword, caps, new Case<>(by, keyword), Support.IMPLEMENTED, 0, ""));
        return this;
    }

    KeywordTable<C> implemented(String keyword, Dispatcher<C> by) {
        return implemented(keyword, Capability.ALL, by);
    }

    /** An implemented word inside a line, followed by {@code arity} values, handled by {@code by}. */
    KeywordTable<C> implemented(String keyword, int arity, Dispatcher<C> by) {
        put(new Entry<>(keyword, Capability.ALL, new Case<>(by, keyword), Support.IMPLEMENTED, arity, ""));
        return this;
    }

    private Handler<C> dispatched(String keyword) {
        if (dispatcher == null) {
            throw new IllegalStateException(family + " has no dispatcher for '" + keyword + "'");
        }
        return new Case<>(dispatcher, keyword);
    }

    /** A keyword HAProxy knows that hapair does not implement: using it is an error naming it. */
    KeywordTable<C> unsupported(String keyword, Set<Capability> caps, int arity) {
        put(new Entry<>(
                keyword,
                caps,
                (c, l) -> {
                    throw NotSupported.error(keyword);
                },
                Support.UNSUPPORTED,
                arity,
                ""));
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

    /** Registers every knob {@link TuningKeywords} lists for this table's family. */
    KeywordTable<C> tuning() {
        for (TuningKeywords.Knob k : TuningKeywords.of(family)) {
            put(new Entry<>(k.keyword(), Capability.ALL, (c, l) -> {}, Support.TUNING, k.arity(), k.reason()));
        }
        return this;
    }

    /**
     * Applies an entry found in this table: implemented entries run their handler, unsupported ones are an
     * error, tuning knobs a warning. {@code display} names the keyword as the operator wrote it
     * ({@code "option httpclose"}), {@code where} says where ({@code "backend 'app'"}, may be empty).
     */
    static <C> void apply(
            Entry<C> e, C context, ConfigLine line, Diagnostics diagnostics, String display, String where) {
        switch (e.support()) {
            case IMPLEMENTED -> e.handler().handle(context, line);
            case UNSUPPORTED -> throw NotSupported.error(display, where);
            case TUNING -> diagnostics.warn(line, TuningKeywords.warning(display, e.reason()));
        }
    }

    /** Every entry, for tests that check each one is implemented, an error or a documented tuning knob. */
    Collection<Entry<C>> entries() {
        return entries.values();
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
