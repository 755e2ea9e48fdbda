package dev.hapair.vrrp.config;

import dev.hapair.common.config.SourceLocation;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Second half of the first pass: groups tokens into statements (one per line) and nests {@code { ... }}
 * blocks. A brace may open on the statement's own line or alone on the next line; one-line blocks such as
 * {@code track_script { chk }} work too.
 */
final class ConfigTreeBuilder {
    private final List<Diagnostic> diagnostics;

    ConfigTreeBuilder(List<Diagnostic> diagnostics) {
        this.diagnostics = diagnostics;
    }

    /** Mutable while building; frozen into {@link ConfigNode} at the end. */
    private static final class Draft {
        final Token keyword;
        final List<Token> args = new ArrayList<>();
        final List<Draft> children = new ArrayList<>();
        boolean hasBlock;
        boolean closed;

        Draft(Token keyword) {
            this.keyword = keyword;
        }

        ConfigNode freeze() {
            return new ConfigNode(
                    keyword,
                    args,
                    hasBlock,
                    children.stream().map(Draft::freeze).toList());
        }
    }

    List<ConfigNode> build(List<Token> tokens) {
        List<Draft> top = new ArrayList<>();
        Deque<Draft> open = new ArrayDeque<>();
        Draft current = null; // statement being read on the current line
        Draft lastOnLevel = null; // last finished statement of the current level, may take a brace on the next line
        SourceLocation line = null;
        for (Token t : tokens) {
            if (!t.location().equals(line)) {
                if (current != null) {
                    lastOnLevel = current;
                    current = null;
                }
                line = t.location();
            }
            if (t.isOpenBrace()) {
                Draft owner = current != null ? current : lastOnLevel;
                if (owner == null || owner.hasBlock) {
                    diagnostics.add(Diagnostic.error(t.location(), "unexpected '{' with no keyword before it"));
                    owner = new Draft(t); // keeps the braces balanced; its contents are not read
                }
                owner.hasBlock = true;
                open.push(owner);
                current = null;
                lastOnLevel = null;
            } else if (t.isCloseBrace()) {
                current = null;
                lastOnLevel = null;
                if (open.isEmpty()) {
                    diagnostics.add(Diagnostic.error(t.location(), "unmatched '}'"));
                } else {
                    Draft closed = open.pop();
                    closed.closed = true;
                }
            } else if (current == null) {
                current = new Draft(t);
                level(top, open).add(current);
            } else {
                current.args.add(t);
            }
        }
        while (!open.isEmpty()) {
            Draft unclosed = open.pop();
            diagnostics.add(Diagnostic.error(
                    unclosed.keyword.location(), "block '" + describe(unclosed) + "' is never closed (missing '}')"));
        }
        return top.stream().map(Draft::freeze).toList();
    }

    private static List<Draft> level(List<Draft> top, Deque<Draft> open) {
        return open.isEmpty() ? top : open.peek().children;
    }

    private static String describe(Draft d) {
        return d.args.isEmpty()
                ? d.keyword.text()
                : d.keyword.text() + " " + d.args.get(0).text();
    }
}
