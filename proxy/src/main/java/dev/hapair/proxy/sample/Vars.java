package dev.hapair.proxy.sample;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Variables in HAProxy's scopes: {@code proc} (whole process, shared by every connection), {@code sess}
 * (one client connection), {@code txn} (one request/response), {@code req} and {@code res} (one
 * direction of it). One instance per transaction; {@link #nextTransaction} keeps proc and sess.
 * Non-proc maps are confined to the connection's event loop, so they are plain maps.
 */
public final class Vars {

    /** The process-wide scope; one per running configuration. */
    public static final class Proc {
        final Map<String, Sample> values = new ConcurrentHashMap<>();
    }

    private final Proc proc;
    private final Map<String, Sample> sess;
    private Map<String, Sample> txn;
    private Map<String, Sample> req;
    private Map<String, Sample> res;

    public Vars(Proc proc) {
        this(proc, new HashMap<>());
    }

    private Vars(Proc proc, Map<String, Sample> sess) {
        this.proc = proc;
        this.sess = sess;
    }

    /** Variables for the next transaction of the same session: {@code proc} and {@code sess} carry on. */
    public Vars nextTransaction() {
        return new Vars(proc, sess);
    }

    public Sample get(VarRef ref) {
        Map<String, Sample> m = scope(ref.scope(), false);
        return m == null ? null : m.get(ref.name());
    }

    public void set(VarRef ref, Sample value) {
        scope(ref.scope(), true).put(ref.name(), value);
    }

    public void unset(VarRef ref) {
        Map<String, Sample> m = scope(ref.scope(), false);
        if (m != null) {
            m.remove(ref.name());
        }
    }

    private Map<String, Sample> scope(VarRef.Scope s, boolean create) {
        switch (s) {
            case PROC:
                return proc.values;
            case SESS:
                return sess;
            case TXN:
                if (txn == null && create) {
                    txn = new HashMap<>();
                }
                return txn;
            case REQ:
                if (req == null && create) {
                    req = new HashMap<>();
                }
                return req;
            default:
                if (res == null && create) {
                    res = new HashMap<>();
                }
                return res;
        }
    }
}
