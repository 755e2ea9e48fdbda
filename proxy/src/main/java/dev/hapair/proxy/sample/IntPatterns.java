package dev.hapair.proxy.sample;

import java.util.List;

/**
 * Integer patterns: {@code N}, ranges {@code A:B}, {@code :B}, {@code A:}, or one operator
 * ({@code eq lt le gt ge}) applied to the values that follow. A sample matches when it is in any range.
 */
public final class IntPatterns {

    private static final List<String> OPERATORS = List.of("eq", "lt", "le", "gt", "ge");

    private final long[] lo;
    private final long[] hi;

    private IntPatterns(long[] lo, long[] hi) {
        this.lo = lo;
        this.hi = hi;
    }

    public static boolean isOperator(String token) {
        return OPERATORS.contains(token);
    }

    /** @throws IllegalArgumentException with a message naming the bad token */
    public static IntPatterns parse(String operator, List<String> patterns) {
        long[] lo = new long[patterns.size()];
        long[] hi = new long[patterns.size()];
        for (int i = 0; i < patterns.size(); i++) {
            String p = patterns.get(i);
            if (operator != null) {
                long v = number(p);
                switch (operator) {
                    case "eq":
                        lo[i] = v;
                        hi[i] = v;
                        break;
                    case "lt":
                        lo[i] = Long.MIN_VALUE;
                        hi[i] = v - 1;
                        break;
                    case "le":
                        lo[i] = Long.MIN_VALUE;
                        hi[i] = v;
                        break;
                    case "gt":
                        lo[i] = v + 1;
                        hi[i] = Long.MAX_VALUE;
                        break;
                    case "ge":
                        lo[i] = v;
                        hi[i] = Long.MAX_VALUE;
                        break;
                    default:
                        throw new IllegalArgumentException("unknown operator '" + operator + "'");
                }
                continue;
            }
            int colon = p.indexOf(':');
            if (colon < 0) {
                lo[i] = number(p);
                hi[i] = lo[i];
            } else {
                lo[i] = colon == 0 ? Long.MIN_VALUE : number(p.substring(0, colon));
                hi[i] = colon == p.length() - 1 ? Long.MAX_VALUE : number(p.substring(colon + 1));
                if (colon == 0 && colon == p.length() - 1) {
                    throw new IllegalArgumentException("'" + p + "' is not an integer or range");
                }
            }
        }
        return new IntPatterns(lo, hi);
    }

    private static long number(String s) {
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + s + "' is not an integer");
        }
    }

    public boolean matches(long v) {
        for (int i = 0; i < lo.length; i++) {
            if (v >= lo[i] && v <= hi[i]) {
                return true;
            }
        }
        return false;
    }
}
