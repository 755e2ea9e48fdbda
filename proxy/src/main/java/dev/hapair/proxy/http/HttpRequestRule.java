package dev.hapair.proxy.http;

import dev.hapair.proxy.backend.RequestInfo;
import dev.hapair.proxy.backend.RequestRule;
import java.util.function.Predicate;

/**
 * One {@code http-request} action with its optional {@code if|unless} condition (already compiled
 * from acls into a predicate over the request).
 */
public sealed interface HttpRequestRule extends RequestRule {
    /** Condition; {@code r -> true} when the rule has none. */
    Predicate<RequestInfo> condition();

    /** {@code http-request allow}: stops rule evaluation, the request goes on. */
    record Allow(Predicate<RequestInfo> condition) implements HttpRequestRule {}

    /** {@code http-request deny [deny_status N]}. */
    record Deny(int status, Predicate<RequestInfo> condition) implements HttpRequestRule {}

    /**
     * {@code http-request redirect location|prefix|scheme TARGET [code N]}.
     *
     * @param kind {@code location}, {@code prefix} or {@code scheme}
     */
    record Redirect(String kind, String target, int code, Predicate<RequestInfo> condition) implements HttpRequestRule {}

    /** {@code http-request set-header NAME VALUE}: replaces every occurrence. */
    record SetHeader(String name, String value, Predicate<RequestInfo> condition) implements HttpRequestRule {}

    /** {@code http-request add-header NAME VALUE}: appends one more occurrence. */
    record AddHeader(String name, String value, Predicate<RequestInfo> condition) implements HttpRequestRule {}

    /**
     * {@code http-request del-header NAME [-m METH]}: deletes every header whose (lower-cased) name
     * {@code names} accepts.
     */
    record DelHeader(Predicate<String> names, Predicate<RequestInfo> condition) implements HttpRequestRule {
        /** The header named exactly {@code name} (case-insensitive, as header names are). */
        public static DelHeader exactly(String name, Predicate<RequestInfo> condition) {
            String lower = name.toLowerCase(java.util.Locale.ROOT);
            return new DelHeader(lower::equals, condition);
        }
    }

    /**
     * {@code http-request auth [realm REALM]}: answers 401 with {@code WWW-Authenticate: Basic realm=...},
     * ending the request.
     */
    record Auth(String realm, Predicate<RequestInfo> condition) implements HttpRequestRule {}
}
