package dev.hapair.health.probe;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A content rule on the response body: {@code http-check expect [!] string <text>} or
 * {@code http-check expect [!] rstring <regex>}. Only the first {@link HttpProbe#MAX_BODY} bytes are
 * examined, as HAProxy only looks at one buffer.
 */
public final class BodyExpectation {

    private final String text;
    private final Pattern regex;
    private final boolean negate;

    private BodyExpectation(String text, Pattern regex, boolean negate) {
        this.text = text;
        this.regex = regex;
        this.negate = negate;
    }

    /** {@code http-check expect string <text>}: the body contains {@code text}. */
    public static BodyExpectation contains(String text) {
        return new BodyExpectation(Objects.requireNonNull(text, "text"), null, false);
    }

    /** {@code http-check expect rstring <regex>}: the regex is found in the body. */
    public static BodyExpectation regex(String regex) {
        return new BodyExpectation(null, Pattern.compile(regex), false);
    }

    /** The {@code !} form: passes when the rule does NOT match. */
    public BodyExpectation negated() {
        return new BodyExpectation(text, regex, !negate);
    }

    public boolean matches(CharSequence body) {
        boolean found =
                regex != null ? regex.matcher(body).find() : body.toString().contains(text);
        return found != negate;
    }

    @Override
    public String toString() {
        return (negate ? "! " : "") + (regex != null ? "rstring " + regex.pattern() : "string " + text);
    }
}
