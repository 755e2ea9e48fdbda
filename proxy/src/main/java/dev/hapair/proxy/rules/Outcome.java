package dev.hapair.proxy.rules;

/** What running a rule (or a rule list) decided. */
public final class Outcome {

    public enum Kind {
        /** Go on with the next rule. */
        CONTINUE,
        /** Stop this rule list; the stream goes on ({@code allow}, {@code accept}). */
        STOP,
        /** Answer with {@link #reply()} and stop ({@code deny}, {@code return}, {@code redirect}, {@code auth}). */
        REPLY,
        /** Close the connection without a response ({@code reject}). */
        REJECT,
        /**
         * {@code wait-for-body}: the request body is not there yet; the rules resume at {@link #resumeAt()} when
         * more arrives, and the stream gets a 408 if the wait times out.
         */
        WAIT,
        /** Answer with the service named by {@link #service()} ({@code use-service}). */
        SERVICE,
        /** {@code tcp-response content close}: forward what is there, then close the server connection. */
        CLOSE
    }

    public static final Outcome CONTINUE = new Outcome(Kind.CONTINUE, null, false);
    public static final Outcome STOP = new Outcome(Kind.STOP, null, false);
    public static final Outcome REJECT = new Outcome(Kind.REJECT, null, false);
    public static final Outcome CLOSE = new Outcome(Kind.CLOSE, null, false);

    private final Kind kind;
    private final LocalReply reply;
    private final boolean denied;
    private final long waitMillis;
    private final int resumeAt;
    private final String service;
    private long tarpitMillis = -1;
    /** Answered by the proxy itself ({@code return}, {@code redirect}, {@code auth}): HAProxy logs "LR". */
    private boolean local;

    private Outcome(Kind kind, LocalReply reply, boolean denied) {
        this(kind, reply, denied, null, 0, 0);
    }

    private Outcome(Kind kind, LocalReply reply, boolean denied, String service, long waitMillis, int resumeAt) {
        this.kind = kind;
        this.reply = reply;
        this.denied = denied;
        this.service = service;
        this.waitMillis = waitMillis;
        this.resumeAt = resumeAt;
    }

    /** {@code use-service <name>}: the proxy's built-in service {@code name} answers the request. */
    public static Outcome service(String name) {
        return new Outcome(Kind.SERVICE, null, false, name, 0, 0);
    }

    /** The service of a {@link Kind#SERVICE} outcome, else null. */
    public String service() {
        return service;
    }

    /** {@code wait-for-body time <waitMillis>}: wait for more of the request body. */
    public static Outcome waitForBody(long waitMillis) {
        return new Outcome(Kind.WAIT, null, false, null, waitMillis, 0);
    }

    /** This wait, resuming at rule {@code index} of its list. */
    Outcome at(int index) {
        return new Outcome(Kind.WAIT, null, false, null, waitMillis, index);
    }

    /** The longest time to wait ({@link Kind#WAIT}). */
    public long waitMillis() {
        return waitMillis;
    }

    /** The rule to run again when more body arrives ({@link Kind#WAIT}). */
    public int resumeAt() {
        return resumeAt;
    }

    /**
     * {@code http-request tarpit}: a denied request held for {@code delayMillis} ({@code timeout tarpit}, else
     * {@code timeout connect}) before {@code r} is sent and the connection closed.
     */
    public static Outcome tarpit(LocalReply r, long delayMillis) {
        Outcome o = new Outcome(Kind.REPLY, r, true);
        o.tarpitMillis = delayMillis;
        return o;
    }

    /** The tarpit delay of a {@link #tarpit} reply (0: none configured, answered at once), else -1. */
    public long tarpitMillis() {
        return tarpitMillis;
    }

    /** @param denied counts as a denied request in the statistics ({@code deny}, {@code auth}) */
    public static Outcome reply(LocalReply r, boolean denied) {
        return new Outcome(Kind.REPLY, r, denied);
    }

    /**
     * A reply the configuration asked for ({@code return}, {@code redirect}, {@code auth}), not a refusal or an
     * error: the session ends "locally" ('L' in the log's termination state, where a deny is 'P').
     */
    public static Outcome localReply(LocalReply r, boolean denied) {
        Outcome o = new Outcome(Kind.REPLY, r, denied);
        o.local = true;
        return o;
    }

    /** Whether this is a {@link #localReply}. */
    public boolean local() {
        return local;
    }

    public Kind kind() {
        return kind;
    }

    public LocalReply reply() {
        return reply;
    }

    public boolean denied() {
        return denied;
    }

    /** True when no further processing of the stream happens (reply or reject). */
    public boolean final_() {
        return kind == Kind.REPLY || kind == Kind.REJECT || kind == Kind.SERVICE;
    }
}
