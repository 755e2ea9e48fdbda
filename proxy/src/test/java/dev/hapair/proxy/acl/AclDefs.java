package dev.hapair.proxy.acl;

import dev.hapair.common.config.SourceLocation;
import dev.hapair.proxy.config.AclDef;
import dev.hapair.proxy.config.AclParser;
import dev.hapair.proxy.config.Condition;
import dev.hapair.proxy.config.ConditionParser;
import java.util.List;
import java.util.Optional;

/** Builds the config model the compiler takes from text, through the config's own parsers. */
final class AclDefs {

    private AclDefs() {}

    /** {@code acl NAME TOKENS...} at file:line; tokens are split on single spaces. */
    static AclDef acl(String name, String tokens, String file, int line) {
        return AclParser.parse(name, List.of(tokens.split(" ")), new SourceLocation(file, line));
    }

    /** {@code if|unless ...} at file:line. */
    static Condition condition(String text, String file, int line) {
        return ConditionParser.parse(List.of(text.split(" ")), new SourceLocation(file, line));
    }

    /** An acl the config parser would not produce (it reads these tokens differently), for compiler checks. */
    static AclDef raw(
            String name,
            String fetch,
            List<String> flags,
            String operator,
            List<String> patterns,
            String file,
            int line) {
        return new AclDef(
                name,
                fetch,
                fetch,
                List.of(),
                List.of(),
                flags,
                Optional.ofNullable(operator),
                patterns,
                new SourceLocation(file, line));
    }
}
