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
    private final String service;

    private Outcome(Kind kind, LocalReply reply, boolean denied) {
        this(kind, reply, denied, null);
    }

    private Outcome(Kind kind, LocalReply reply, boolean denied, String service) {
        this.kind = kind;
        this.reply = reply;
        this.denied = denied;
        this.service = service;
    }

    /** {@code use-service <name>}: the proxy's built-in service {@code name} answers the request. */
    public static Outcome service(String name) {
        return new Outcome(Kind.SERVICE, null, false, name);
    }

    /** The service of a {@link Kind#SERVICE} outcome, else null. */
    public String service() {
        return service;
    }

    /** @param denied counts as a denied request in the statistics ({@code deny}, {@code auth}) */
    public static Outcome reply(LocalReply r, boolean denied) {
        return new Outcome(Kind.REPLY, r, denied);
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
