package dev.hapair.proxy.sample;

import java.util.Locale;

/** A variable name with its scope, as written {@code txn.name}. */
public record VarRef(Scope scope, String name) {

    public enum Scope {
        PROC,
        SESS,
        TXN,
        REQ,
        RES
    }

    /**
     * Parses {@code scope.name}; throws with HAProxy's requirement in the message when the scope is not
     * one of proc, sess, txn, req, res or the name has characters other than letters, digits, '.', '_'.
     */
    public static VarRef parse(String text) {
        int dot = text.indexOf('.');
        if (dot < 0) {
            throw new IllegalArgumentException("variable '" + text + "' has no scope (expected proc., sess., txn., req."
                    + " or res. before the name)");
        }
        String scope = text.substring(0, dot);
        Scope s;
        switch (scope) {
            case "proc" -> s = Scope.PROC;
            case "sess" -> s = Scope.SESS;
            case "txn" -> s = Scope.TXN;
            case "req" -> s = Scope.REQ;
            case "res" -> s = Scope.RES;
            default -> throw new IllegalArgumentException(
                    "unknown variable scope '" + scope + "' in '" + text + "' (expected proc, sess, txn, req or res)");
        }
        String name = text.substring(dot + 1);
        if (name.isEmpty() || !name.matches("[A-Za-z0-9._]+")) {
            throw new IllegalArgumentException(
                    "invalid variable name '" + name + "' in '" + text + "' (only letters, digits, '.' and '_')");
        }
        return new VarRef(s, name);
    }

    /** Whether {@code text} names a variable ({@code scope.name} with a known scope). */
    public static boolean isReference(String text) {
        int dot = text.indexOf('.');
        return dot > 0 && java.util.List.of("proc", "sess", "txn", "req", "res").contains(text.substring(0, dot));
    }

    @Override
    public String toString() {
        return scope.name().toLowerCase(Locale.ROOT) + "." + name;
    }
}
