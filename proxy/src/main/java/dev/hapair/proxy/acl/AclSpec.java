package dev.hapair.proxy.acl;

import java.util.List;
import java.util.Objects;

/**
 * One {@code acl NAME FETCH [flags] [operator] patterns...} line (or the inside of an anonymous
 * {@code { ... }} acl, whose name is empty), still as tokens, with its location for error messages.
 *
 * @param name acl name; "" for anonymous acls
 * @param fetch fetch expression as written, with arguments ({@code hdr(host)}, {@code nbsrv(bk)})
 * @param flags flag tokens in order, with their arguments ({@code -i}, {@code -m}, {@code beg}, {@code -f}, {@code file})
 * @param operator integer operator ({@code eq lt le gt ge}) or null
 * @param patterns pattern tokens
 */
public record AclSpec(String name, String fetch, List<String> flags, String operator, List<String> patterns,
                      String file, int line) {

    public AclSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(fetch, "fetch");
        flags = List.copyOf(flags);
        patterns = List.copyOf(patterns);
    }

    /** Flags that consume the next token. */
    private static final List<String> FLAGS_WITH_ARG = List.of("-m", "-f", "-M", "-u");

    /**
     * Splits the tokens after {@code acl NAME} (or inside {@code { }}): fetch, flags until {@code --} or the
     * first non-flag, an optional integer operator, then patterns.
     */
    public static AclSpec parse(String name, List<String> tokens, String file, int line) throws AclException {
        if (tokens.isEmpty()) {
            throw new AclException(file, line, "acl", label(name) + "missing fetch method");
        }
        String fetch = tokens.get(0);
        int i = 1;
        List<String> flags = new java.util.ArrayList<>();
        while (i < tokens.size() && tokens.get(i).startsWith("-") && tokens.get(i).length() > 1) {
            String f = tokens.get(i);
            if (f.equals("--")) {
                i++;
                break;
            }
            if (!isFlag(f)) {
                break; // a negative number or a pattern starting with '-'
            }
            flags.add(f);
            i++;
            if (FLAGS_WITH_ARG.contains(f)) {
                if (i >= tokens.size()) {
                    throw new AclException(file, line, "acl", label(name) + "flag '" + f + "' expects an argument");
                }
                flags.add(tokens.get(i++));
            }
        }
        String operator = null;
        if (i < tokens.size() && IntPatterns.isOperator(tokens.get(i))) {
            operator = tokens.get(i++);
        }
        return new AclSpec(name, fetch, flags, operator, tokens.subList(i, tokens.size()), file, line);
    }

    private static boolean isFlag(String f) {
        return f.length() == 2 && Character.isLetter(f.charAt(1));
    }

    static String label(String name) {
        return name.isEmpty() ? "anonymous acl: " : "acl '" + name + "': ";
    }

    /** "file:line". */
    public String location() {
        return file + ":" + line;
    }
}
