package dev.hapair.vrrp.config;

import dev.hapair.common.config.SourceLocation;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * keepalived's pre-defined definitions in configuration lines (keepalived.conf(5), "Pre-defined definitions").
 * {@code ${_ENV NAME}} is replaced by the value of the environment variable NAME, on the raw line before it is
 * split into words, as keepalived does; it is how keepalived's documentation points an {@code auth_hmac} key
 * at a systemd credential ({@code key 1 file:${_ENV CREDENTIALS_DIRECTORY}/vrrp_hmac}).
 *
 * <p>Fail closed, both deliberate differences from keepalived: an unset variable is an error (keepalived puts an
 * empty string in its place, which turns a credential path into another file), and the other pre-defined names
 * ({@code _PWD}, {@code _INSTANCE}, {@code _RANDOM}, {@code _HASH}, {@code _BANG}) are errors, because they are
 * not implemented and the literal text would otherwise be used. Any other {@code $NAME} is left as it is, as
 * keepalived leaves a name it has no definition for.
 */
final class PredefinedDefinitions {
    /** {@code ${_ENV NAME}}: keepalived allows blanks around the one parameter inside the braces. */
    private static final Pattern ENV = Pattern.compile("\\$\\{_ENV[ \\t]+([A-Za-z0-9_]+)[ \\t]*}");

    /** The pre-defined names keepalived knows, braced or not, with optional parameters. */
    private static final Pattern PREDEFINED =
            Pattern.compile("\\$(?:\\{(_[A-Z]+)(?:[ \\t][^}]*)?}|(_[A-Z]+)(?![A-Za-z0-9_]))");

    private static final Set<String> UNSUPPORTED = Set.of("_PWD", "_INSTANCE", "_RANDOM", "_HASH", "_BANG");

    private final Function<String, String> environment;

    /** {@code environment} maps a variable name to its value, or null when it is not set. */
    PredefinedDefinitions(Function<String, String> environment) {
        this.environment = environment;
    }

    /** The line with every {@code ${_ENV NAME}} replaced; problems go to {@code diagnostics}. */
    String expand(String line, SourceLocation at, List<Diagnostic> diagnostics) {
        if (line.indexOf('$') < 0) {
            return line;
        }
        int commentAt = commentStart(line);
        String code = line.substring(0, commentAt); // a commented-out line must not fail on an unset variable
        Matcher other = PREDEFINED.matcher(code);
        while (other.find()) {
            String name = other.group(1) != null ? other.group(1) : other.group(2);
            if (UNSUPPORTED.contains(name)
                    || (name.equals("_ENV") && !ENV.matcher(other.group()).matches())) {
                diagnostics.add(Diagnostic.error(
                        at,
                        "'" + other.group() + "': keepalived's pre-defined definition " + name
                                + " is not supported by hapair-vrrp (only ${_ENV NAME} is)"));
            }
        }
        StringBuilder out = new StringBuilder();
        Matcher m = ENV.matcher(code);
        int last = 0;
        while (m.find()) {
            String name = m.group(1);
            String value = environment.apply(name);
            out.append(code, last, m.start());
            if (value == null) {
                diagnostics.add(
                        Diagnostic.error(at, "${_ENV " + name + "}: the environment variable " + name + " is not set"));
            } else {
                out.append(value);
            }
            last = m.end();
        }
        return out.append(code, last, code.length())
                .append(line, commentAt, line.length())
                .toString();
    }

    /** Where a comment starts outside double quotes, or the line's length. */
    private static int commentStart(String line) {
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (c == '\\' && quoted) {
                i++;
            } else if (!quoted && (c == '#' || c == '!')) {
                return i;
            }
        }
        return line.length();
    }
}
