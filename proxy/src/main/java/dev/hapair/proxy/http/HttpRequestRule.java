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

    /** {@code http-request del-header NAME}. */
    record DelHeader(String name, Predicate<RequestInfo> condition) implements HttpRequestRule {}
}
