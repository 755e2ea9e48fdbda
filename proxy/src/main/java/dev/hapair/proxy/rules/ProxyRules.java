package dev.hapair.proxy.rules;

import dev.hapair.proxy.backend.RequestRule;
import dev.hapair.proxy.sample.FormatString;
import dev.hapair.proxy.sample.ProxyState;
import dev.hapair.proxy.sample.SampleContext;
import dev.hapair.proxy.sample.Vars;
import java.util.List;

/**
 * The compiled rule language of one proxy section: its rule lists, error replies, header captures,
 * unique id and log format. Immutable; shared by every stream of the section.
 *
 * @param requestCaptures header names of {@code capture request header}, slot order
 * @param captureLengths  the {@code len} of each request slot, then each response slot
 * @param inspectDelayMillis {@code tcp-request inspect-delay}, 0 when not set
 * @param tcpResponse {@code tcp-response content} rules ({@code mode tcp} only)
 * @param responseInspectDelayMillis {@code tcp-response inspect-delay}, 0 when not set
 * @param useServers {@code use-server} rules in order
 * @param statsAdmin the condition of {@code stats admin if|unless}, compiled with the section's acls (so its
 *     pattern sets are the runtime's: listed by {@code show acl}, changed by {@code add acl}), or null
 * @param originalTo {@code option originalto}, or null
 * @param bufferRequest {@code option http-buffer-request}: the request body is waited for before the rules
 * @param restrictReqHdrNames {@code option http-restrict-req-hdr-names}, applied after the http-request rules
 */
public record ProxyRules(
        String name,
        RuleSet tcpConnection,
        RuleSet tcpSession,
        RuleSet tcpContent,
        RuleSet httpRequest,
        RuleSet httpResponse,
        RuleSet httpAfterResponse,
        ErrorReplies errors,
        List<String> requestCaptures,
        List<String> responseCaptures,
        List<Integer> captureLengths,
        FormatString uniqueIdFormat,
        String uniqueIdHeader,
        FormatString logFormat,
        long inspectDelayMillis,
        Live live,
        RuleSet tcpResponse,
        long responseInspectDelayMillis,
        List<UseServer> useServers,
        dev.hapair.proxy.backend.ForwardFor originalTo,
        boolean bufferRequest,
        dev.hapair.proxy.config.HeaderNamePolicy restrictReqHdrNames,
        FormatString errorLogFormat,
        dev.hapair.proxy.acl.CompiledCondition statsAdmin)
        implements RequestRule {

    /**
     * {@code use-server NAME if COND} ({@code persist} NONE; {@code name} is a log-format string when it holds
     * {@code %[...]}), or {@code force-persist} / {@code ignore-persist if COND} (no name).
     */
    public record UseServer(dev.hapair.proxy.acl.CompiledCondition condition, FormatString name, Persist persist) {}

    /** What the first matching {@code force-persist} / {@code ignore-persist} rule of a backend says. */
    public enum Persist {
        /** No such rule matched: a down persistent server is skipped, the cookie is honoured. */
        NONE,
        /** {@code force-persist}: a persistent server is used even when down, and never redispatched from. */
        FORCE,
        /** {@code ignore-persist}: the persistence cookie is not looked at. */
        IGNORE
    }

    /**
     * The first matching {@code force-persist} / {@code ignore-persist} rule's verdict, evaluated in
     * declaration order as soon as the backend is known (HAProxy stops at the first match); NONE without one.
     */
    public Persist persistence(dev.hapair.proxy.sample.SampleContext t) {
        for (UseServer u : useServers) {
            if (u.persist() != Persist.NONE && u.condition().matches(t)) return u.persist();
        }
        return Persist.NONE;
    }

    /**
     * The server the first matching {@code use-server} rule names, if it exists and is usable (a down one
     * is skipped, as HAProxy does without {@code option persist}, unless {@code persist} is FORCE); null when
     * none applies.
     */
    public <S> S useServer(
            dev.hapair.proxy.sample.SampleContext t,
            Persist persist,
            java.util.function.Function<String, S> byName,
            java.util.function.Predicate<S> usable) {
        for (UseServer u : useServers) {
            if (u.persist() != Persist.NONE || !u.condition().matches(t)) {
                continue;
            }
            String name = u.name().render(t);
            S s = name == null ? null : byName.apply(name);
            if (s != null && (persist == Persist.FORCE || usable.test(s))) {
                return s;
            }
        }
        return null;
    }

    /**
     * What the rules of every proxy of one running configuration share: live proxy state for fetches such
     * as {@code nbsrv}, the {@code proc.} variables and the userlists.
     */
    public record Live(ProxyState state, Vars.Proc proc, SampleContext.UserCheck users) {
        public static final Live NONE = new Live(ProxyState.NONE, new Vars.Proc(), SampleContext.UserCheck.NONE);
    }

    /** These rules reading {@code live}. */
    public ProxyRules with(Live l) {
        return new ProxyRules(
                name,
                tcpConnection,
                tcpSession,
                tcpContent,
                httpRequest,
                httpResponse,
                httpAfterResponse,
                errors,
                requestCaptures,
                responseCaptures,
                captureLengths,
                uniqueIdFormat,
                uniqueIdHeader,
                logFormat,
                inspectDelayMillis,
                l,
                tcpResponse,
                responseInspectDelayMillis,
                useServers,
                originalTo,
                bufferRequest,
                restrictReqHdrNames,
                errorLogFormat,
                statsAdmin);
    }

    public static final ProxyRules NONE = new ProxyRules(
            "",
            RuleSet.EMPTY,
            RuleSet.EMPTY,
            RuleSet.EMPTY,
            RuleSet.EMPTY,
            RuleSet.EMPTY,
            RuleSet.EMPTY,
            ErrorReplies.DEFAULT,
            List.of(),
            List.of(),
            List.of(),
            null,
            null,
            null,
            0,
            Live.NONE,
            RuleSet.EMPTY,
            0,
            List.of(),
            null,
            false,
            dev.hapair.proxy.config.HeaderNamePolicy.PRESERVE,
            null,
            null);

    public ProxyRules {
        requestCaptures = List.copyOf(requestCaptures);
        responseCaptures = List.copyOf(responseCaptures);
        captureLengths = List.copyOf(captureLengths);
        useServers = List.copyOf(useServers);
    }

    /** These rules with {@code rules} as the {@code http-request} list (tests and embedders). */
    public ProxyRules withHttpRequest(RuleSet rules) {
        return new ProxyRules(
                name,
                tcpConnection,
                tcpSession,
                tcpContent,
                rules,
                httpResponse,
                httpAfterResponse,
                errors,
                requestCaptures,
                responseCaptures,
                captureLengths,
                uniqueIdFormat,
                uniqueIdHeader,
                logFormat,
                inspectDelayMillis,
                live,
                tcpResponse,
                responseInspectDelayMillis,
                useServers,
                originalTo,
                bufferRequest,
                restrictReqHdrNames,
                errorLogFormat,
                statsAdmin);
    }

    /** The proxy's compiled rules among a runtime's rule list, or {@link #NONE}. */
    public static ProxyRules in(List<? extends RequestRule> rules) {
        for (int i = 0, n = rules.size(); i < n; i++) { // indexed: no iterator per request
            if (rules.get(i) instanceof ProxyRules p) {
                return p;
            }
        }
        return NONE;
    }

    /** Whether requests wait for their body before these http-request rules run (option or wait-for-body). */
    public boolean waitsForBody() {
        return bufferRequest || httpRequest.mayWait();
    }

    /**
     * {@code option http-restrict-req-hdr-names}, once this proxy's http-request rules have run: headers whose
     * name is not made of letters, digits and hyphens are deleted, or the request is denied with a 403.
     */
    public Outcome restrictHeaderNames(HeadEditor head, Txn t) {
        switch (restrictReqHdrNames) {
            case DELETE -> head.removeIf(n -> !dev.hapair.proxy.config.HeaderNamePolicy.plain(n));
            case REJECT -> {
                for (java.util.Map.Entry<String, String> h : head.headerLines()) {
                    if (!dev.hapair.proxy.config.HeaderNamePolicy.plain(h.getKey())) {
                        LocalReply r = errors.configured(403, t);
                        return Outcome.reply(r != null ? r : ErrorReplies.builtIn(403), true);
                    }
                }
            }
            case PRESERVE -> {}
        }
        return Outcome.CONTINUE;
    }

    /** The maximum stored length of capture slot {@code slot} of a direction. */
    public int captureLength(boolean request, int slot) {
        return captureLengths.get(request ? slot : requestCaptures.size() + slot);
    }
}
