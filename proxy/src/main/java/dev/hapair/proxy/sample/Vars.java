package dev.hapair.proxy.sample;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Variables in HAProxy's scopes: {@code proc} (whole process, shared by every connection), {@code sess}
 * (one client connection), {@code txn} (one request/response), {@code req} and {@code res} (one
 * direction of it). One instance per transaction; {@link #nextTransaction} keeps proc and sess.
 * The other scopes are confined to the connection's event loop, so they are not synchronized.
 */
public final class Vars {

    /** The process-wide scope; one per running configuration. */
    public static final class Proc {
        final Map<String, Sample> values = new ConcurrentHashMap<>();
        /**
         * The longest text or binary value a variable takes, in characters or bytes: {@code tune.bufsize}. HAProxy
         * builds every sample in a buffer of that size (a longer converter result fails, a log-format stops there);
         * without a bound, a {@code sess} or {@code proc} variable that adds to itself ({@code add_item}, {@code
         * concat}, a format that reads it) would grow with every request a client sends on its connection.
         */
        final int maxValueLength;

        /** With HAProxy's default {@code tune.bufsize}. */
        public Proc() {
            this(dev.hapair.proxy.h1.H1Limits.DEFAULT_BUFSIZE);
        }

        public Proc(int maxValueLength) {
            this.maxValueLength = maxValueLength;
        }
    }

    /**
     * The variables of one non-proc scope: a few names looked up linearly. A rule set names a handful of
     * variables and a transaction sets fewer, so this beats a hash map, which costs a table and an entry per
     * variable on every request. Names and values alternate in one array, room for two to start with: one
     * array, not two, per scope a transaction uses.
     */
    private static final class Scope {
        private Object[] kv = new Object[4];
        private int n;

        private int index(String name) {
            for (int i = 0; i < n; i++) {
                Object k = kv[2 * i];
                if (k == name || k.equals(name)) {
                    return i;
                }
            }
            return -1;
        }

        Sample get(String name) {
            int i = index(name);
            return i < 0 ? null : (Sample) kv[2 * i + 1];
        }

        void put(String name, Sample value) {
            int i = index(name);
            if (i >= 0) {
                kv[2 * i + 1] = value;
                return;
            }
            if (2 * n == kv.length) {
                kv = java.util.Arrays.copyOf(kv, kv.length * 2);
            }
            kv[2 * n] = name;
            kv[2 * n + 1] = value;
            n++;
        }

        void remove(String name) {
            int i = index(name);
            if (i < 0) {
                return;
            }
            n--;
            System.arraycopy(kv, 2 * i + 2, kv, 2 * i, 2 * (n - i));
            kv[2 * n] = null;
            kv[2 * n + 1] = null;
        }
    }

    private final Proc proc;
    private final Scope sess;
    private Scope txn;
    private Scope req;
    private Scope res;

    public Vars(Proc proc) {
        this(proc, new Scope());
    }

    private Vars(Proc proc, Scope sess) {
        this.proc = proc;
        this.sess = sess;
    }

    /** Variables for the next transaction of the same session: {@code proc} and {@code sess} carry on. */
    public Vars nextTransaction() {
        return new Vars(proc, sess);
    }

    public Sample get(VarRef ref) {
        if (ref.scope() == VarRef.Scope.PROC) {
            return proc.values.get(ref.name());
        }
        Scope m = scope(ref.scope(), false);
        return m == null ? null : m.get(ref.name());
    }

    /**
     * Sets a variable; a value longer than {@link Proc#maxValueLength} is not stored (the variable keeps what it
     * had, as in HAProxy when the sample does not fit its buffer).
     */
    public void set(VarRef ref, Sample value) {
        if (value != null && value.valueLength() > proc.maxValueLength) return;
        if (ref.scope() == VarRef.Scope.PROC) {
            proc.values.put(ref.name(), value);
        } else {
            scope(ref.scope(), true).put(ref.name(), value);
        }
    }

    public void unset(VarRef ref) {
        if (ref.scope() == VarRef.Scope.PROC) {
            proc.values.remove(ref.name());
            return;
        }
        Scope m = scope(ref.scope(), false);
        if (m != null) {
            m.remove(ref.name());
        }
    }

    private Scope scope(VarRef.Scope s, boolean create) {
        switch (s) {
            case SESS:
                return sess;
            case TXN:
                if (txn == null && create) {
                    txn = new Scope();
                }
                return txn;
            case REQ:
                if (req == null && create) {
                    req = new Scope();
                }
                return req;
            default:
                if (res == null && create) {
                    res = new Scope();
                }
                return res;
        }
    }
}
