package dev.hapair.vrrp.config;

import dev.hapair.common.config.Suggestions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The whole vocabulary of one section: implemented keywords with their handlers, keepalived keywords that
 * hapair knows but does not implement (a warning naming them), and keywords accepted and deliberately
 * ignored (a warning saying why). Anything else is an error with the closest keyword suggested.
 */
final class KeywordTable<D> {
    private final Map<String, KeywordHandler<D>> handlers = new LinkedHashMap<>();
    private final Map<String, String> ignored = new LinkedHashMap<>();

    KeywordTable<D> on(String keyword, KeywordHandler<D> handler) {
        if (handlers.put(keyword, handler) != null || ignored.containsKey(keyword)) {
            throw new IllegalStateException("keyword registered twice: " + keyword);
        }
        return this;
    }

    /** keepalived keywords hapair does not implement: the file stays valid, a warning names them. */
    KeywordTable<D> notImplemented(String... keywords) {
        for (String k : keywords) {
            ignore(k, "is not implemented by hapair and is ignored");
        }
        return this;
    }

    /** keepalived keywords hapair accepts and ignores on purpose, with the reason printed in the warning. */
    KeywordTable<D> ignoredBecause(String reason, String... keywords) {
        for (String k : keywords) {
            ignore(k, "is accepted and ignored (" + reason + ")");
        }
        return this;
    }

    private void ignore(String keyword, String text) {
        if (handlers.containsKey(keyword) || ignored.put(keyword, text) != null) {
            throw new IllegalStateException("keyword registered twice: " + keyword);
        }
    }

    boolean isImplemented(String keyword) {
        return handlers.containsKey(keyword);
    }

    List<String> keywords() {
        List<String> all = new ArrayList<>(handlers.keySet());
        all.addAll(ignored.keySet());
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
        String why = ignored.get(keyword);
        if (why != null) {
            ctx.warning(node, "keyword '" + keyword + "' in " + where + " " + why);
            return;
        }
        java.util.Optional<String> suggestion = Suggestions.closest(keyword, keywords());
        if (suggestion.isPresent() && draft instanceof ConfigDraft.SectionDraft section) {
            // The operator meant the suggested keyword: do not also report it as missing.
            section.written.add(suggestion.get());
        }
        ctx.error(node, "unknown keyword '" + keyword + "' in " + where
                + suggestion.map(s -> " (did you mean '" + s + "'?)").orElse(""));
    }
}
