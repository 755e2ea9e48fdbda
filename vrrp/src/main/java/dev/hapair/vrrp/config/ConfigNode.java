package dev.hapair.vrrp.config;

import dev.hapair.common.config.SourceLocation;
import java.util.List;

/**
 * One statement of keepalived.conf: a keyword, its arguments on the same line, and its {@code { ... }} block
 * when it has one ({@code hasBlock}). Built by {@link ConfigTreeBuilder}, read by the keyword tables.
 */
record ConfigNode(Token keyword, List<Token> args, boolean hasBlock, List<ConfigNode> children) {
    ConfigNode {
        args = List.copyOf(args);
        children = List.copyOf(children);
    }

    String name() {
        return keyword.text();
    }

    SourceLocation location() {
        return keyword.location();
    }

    String arg(int i) {
        return args.get(i).text();
    }

    List<String> argTexts() {
        return args.stream().map(Token::text).toList();
    }
}
