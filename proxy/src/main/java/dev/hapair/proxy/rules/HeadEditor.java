package dev.hapair.proxy.rules;

import dev.hapair.proxy.sample.HttpHead;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * An HTTP message head the actions may edit, whatever engine holds it (the HTTP/1 engine adapts its head
 * model to this). Names are case-insensitive; edits are visible to later rules at once.
 */
public interface HeadEditor extends HttpHead {

    /** Replaces every line named {@code name} by one line with {@code value}. */
    void set(String name, String value);

    /**
     * The bytes of every line named {@code name}, as {@link Rewrites#line} counts each (what a {@code set-header}
     * frees); engines may count them without making strings.
     */
    default long lineBytes(String name) {
        String one = oneHeader(name); // the usual case, none or one line: no list
        if (one != SEVERAL) return one == null ? 0 : Rewrites.line(name, one);
        long n = 0;
        for (String v : headers(name)) n += Rewrites.line(name, v);
        return n;
    }

    /** Appends one line. */
    void add(String name, String value);

    /**
     * What this engine concluded, once, about a rule's constant header name: a token handed back to {@link #edit}
     * so that the name is not checked on every request; null when it has to be (engines without a shortcut).
     * The engine must answer the same for every head: tokens are kept across requests (by rule, per engine class).
     */
    default Object acceptName(String name) {
        return null;
    }

    /** As {@link #acceptName}, for a rule's constant header value. */
    default Object acceptValue(String value) {
        return null;
    }

    /**
     * {@link #set} ({@code set}) or {@link #add} with the tokens {@link #acceptName} and {@link #acceptValue} gave
     * for that name and value (null for a value rendered per request): exactly their effect, with fewer checks.
     */
    default void edit(boolean set, String name, Object nameToken, String value, Object valueToken) {
        if (set) {
            set(name, value);
        } else {
            add(name, value);
        }
    }

    /** Removes every line whose (lower-cased) name satisfies {@code name}. */
    void removeIf(Predicate<String> name);

    /** Removes every line named {@code lowerName} (given in lower case; names compare case-insensitively). */
    default void remove(String lowerName) {
        removeIf(lowerName::equals);
    }

    /**
     * {@link #remove} that also answers what {@link #lineBytes} answered before it (what del-header frees for the
     * rewrite room); engines may do both in one scan.
     */
    default long removeCounted(String lowerName) {
        long n = lineBytes(lowerName);
        remove(lowerName);
        return n;
    }

    /** Rewrites the value of every line named {@code name}, in order; a null result removes that line. */
    void rewrite(String name, UnaryOperator<String> value);

    /** Request only: the request target. */
    default void setUri(String uri) {
        throw new UnsupportedOperationException("not a request");
    }

    default void setMethod(String method) {
        throw new UnsupportedOperationException("not a request");
    }

    /** Response only; {@code reason} null means the standard reason phrase. */
    default void setStatus(int status, String reason) {
        throw new UnsupportedOperationException("not a response");
    }
}
