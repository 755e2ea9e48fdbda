package dev.hapair.vrrp.config;

import dev.hapair.common.config.Suggestions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The whole vocabulary of one section: implemented keywords with their handlers, keepalived keywords that
 * hapair knows but does not implement (an error naming them: hapair-vrrp fails closed), and the section's
 * {@link TuningKeywords} (a warning saying why ignoring them is safe). Anything else is an error with the
 * closest keyword suggested.
 */
final class KeywordTable<D> {
    /** What hapair-vrrp does with a keyword. */
    enum Support {
        IMPLEMENTED,
        UNSUPPORTED,
        TUNING
    }

    private final String family;
    private final Map<String, KeywordHandler<D>> handlers = new LinkedHashMap<>();
    private final Map<String, String> unsupported = new LinkedHashMap<>();
    private final Map<String, String> tuning = new LinkedHashMap<>();

    /** @param family the section family, as {@link TuningKeywords} names it ({@code global_defs}...) */
    KeywordTable(String family) {
        this.family = family;
    }

    String family() {
        return family;
    }

    KeywordTable<D> on(String keyword, KeywordHandler<D> handler) {
        if (support(keyword).isPresent()) {
            throw new IllegalStateException("keyword registered twice: " + keyword);
        }
        handlers.put(keyword, handler);
        return this;
    }

    /** keepalived keywords hapair does not implement: each is an error naming it, at -t, start and reload. */
    KeywordTable<D> notImplemented(String... keywords) {
        return notImplementedBecause("", keywords);
    }

    /** As {@link #notImplemented(String...)}, with a hint printed after the error. */
    KeywordTable<D> notImplementedBecause(String hint, String... keywords) {
        for (String k : keywords) {
            if (support(k).isPresent()) {
                throw new IllegalStateException("keyword registered twice: " + k);
            }
            unsupported.put(k, hint);
        }
        return this;
    }

    /** Registers this family's knobs of {@link TuningKeywords}: a warning each, with the reason. */
    KeywordTable<D> tuning() {
        for (TuningKeywords.Knob k : TuningKeywords.of(family)) {
            if (support(k.keyword()).isPresent()) {
                throw new IllegalStateException("keyword registered twice: " + k.keyword());
            }
            tuning.put(k.keyword(), k.reason());
        }
        return this;
    }

    boolean isImplemented(String keyword) {
        return handlers.containsKey(keyword);
    }

    java.util.Optional<Support> support(String keyword) {
        if (handlers.containsKey(keyword)) {
            return java.util.Optional.of(Support.IMPLEMENTED);
        }
        if (unsupported.containsKey(keyword)) {
            return java.util.Optional.of(Support.UNSUPPORTED);
        }
        return tuning.containsKey(keyword) ? java.util.Optional.of(Support.TUNING) : java.util.Optional.empty();
    }

    /** The reason a tuning knob is safe to ignore ("" for other keywords). */
    String reason(String keyword) {
        return tuning.getOrDefault(keyword, "");
    }

    List<String> keywords() {
        List<String> all = new ArrayList<>(handlers.keySet());
        all.addAll(unsupported.keySet());
        all.addAll(tuning.keySet());
        return all;
    }

    /** Dispatches every statement of a section; {@code where} names the section in messages. */
    void apply(List<ConfigNode> nodes, D draft, ParseContext ctx, String where) {
        for (ConfigNode node : nodes) {
            apply(node, draft, ctx, where);
        }
    }

    void apply(ConfigNode node, D draft, ParseContext ctx, String where) {
        String keyword = node.name();
        KeywordHandler<D> handler = handlers.get(keyword);
        if (handler != null) {
            if (draft instanceof ConfigDraft.SectionDraft section) {
                section.written.add(keyword);
            }
            ctx.enter(where);
            try {
                handler.handle(node, draft, ctx);
            } finally {
                ctx.leave();
            }
            return;
        }
        if (unsupported.containsKey(keyword)) {
            String hint = unsupported.get(keyword);
            ctx.error(
                    node,
                    "'" + keyword + "' is not supported by hapair-vrrp (in " + where + ")"
                            + (hint.isEmpty() ? "" : ": " + hint));
            return;
        }
        if (tuning.containsKey(keyword)) {
            ctx.warning(node, TuningKeywords.warning(keyword, tuning.get(keyword)) + " (in " + where + ")");
            return;
        }
        java.util.Optional<String> suggestion = Suggestions.closest(keyword, keywords());
        if (suggestion.isPresent() && draft instanceof ConfigDraft.SectionDraft section) {
            // The operator meant the suggested keyword: do not also report it as missing.
            section.written.add(suggestion.get());
        }
        ctx.error(
                node,
                "unknown keyword '" + keyword + "' in " + where
                        + suggestion.map(s -> " (did you mean '" + s + "'?)").orElse(""));
    }
}
