package dev.hapair.proxy.acl;

import dev.hapair.proxy.sample.IntPatterns;
import dev.hapair.proxy.sample.IpPatterns;
import dev.hapair.proxy.sample.PatternRef;
import dev.hapair.proxy.sample.Sample;
import dev.hapair.proxy.sample.SampleType;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Predicate;

/**
 * How one acl line matches the patterns of a live {@link PatternRef}: its match method and {@code -i}. It
 * compiles the reference's patterns into the line's matcher, and answers the runtime API's {@code get acl}.
 */
final class AclUse implements PatternRef.Use {

    private final MatchMethod method;
    private final boolean ignoreCase;

    AclUse(MatchMethod method, boolean ignoreCase) {
        this.method = method;
        this.ignoreCase = ignoreCase;
    }

    @Override
    public Predicate<Sample> compile(List<String> patterns) {
        switch (method) {
            case FOUND:
                return s -> true;
            case BOOL:
                return Sample::toBool;
            default:
                break;
        }
        if (patterns.isEmpty()) {
            return s -> false; // HAProxy accepts a pattern-less acl; it matches once patterns are added
        }
        switch (method) {
            case INT: {
                IntPatterns p = IntPatterns.parse(null, patterns);
                return s -> {
                    Long v = s.toLong();
                    return v != null && p.matches(v);
                };
            }
            case LEN: {
                IntPatterns p = IntPatterns.parse(null, patterns);
                return s -> p.matches(s.toText().length());
            }
            case BIN: {
                List<byte[]> bins = new ArrayList<>();
                for (String p : patterns) {
                    try {
                        bins.add(HexFormat.of().parseHex(p));
                    } catch (IllegalArgumentException e) {
                        throw new IllegalArgumentException("'" + p + "' is not a hexadecimal binary pattern");
                    }
                }
                byte[][] all = bins.toArray(new byte[0][]);
                return s -> {
                    byte[] b = s.toBytes();
                    for (byte[] p : all) {
                        if (java.util.Arrays.equals(b, p)) {
                            return true;
                        }
                    }
                    return false;
                };
            }
            case IP: {
                IpPatterns p = IpPatterns.parse(patterns);
                return s -> {
                    Sample a = s.cast(SampleType.ADDR);
                    InetAddress x = a == null ? null : a.toAddress();
                    return x != null && p.matches(x);
                };
            }
            default: {
                StringPatterns p = StringPatterns.compile(method.kind(), ignoreCase, patterns);
                return s -> p.matches(s.toText());
            }
        }
    }

    /** HAProxy 2.6's answers to {@code add acl} with a pattern the method cannot parse. */
    @Override
    public String refusal(String pattern) {
        try {
            compile(List.of(pattern));
            return null;
        } catch (IllegalArgumentException e) {
            return switch (method) {
                case IP -> "'" + pattern + "' is not a valid IPv4 or IPv6 address.";
                case INT, LEN -> "'" + pattern + "' is not a number.";
                case BIN -> "an hex digit is expected (found '" + firstNonHex(pattern) + "').";
                default -> e.getMessage();
            };
        }
    }

    private static char firstNonHex(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (Character.digit(s.charAt(i), 16) < 0) {
                return s.charAt(i);
            }
        }
        return s.isEmpty() ? ' ' : s.charAt(s.length() - 1);
    }

    /**
     * HAProxy's {@code get acl} line: {@code type=beg, case=sensitive, match=yes, idx=tree, pattern="/adm"}. The
     * index word is what HAProxy's would be (trees for exact and prefix strings and addresses, lists otherwise);
     * a tree reports the most specific pattern, a list the first.
     */
    @Override
    public String lookup(List<String> patterns, String value) {
        String head = "type=" + method.keyword() + ", case=" + (ignoreCase ? "insensitive" : "sensitive");
        Sample s = Sample.str(value);
        if (method == MatchMethod.FOUND || method == MatchMethod.BOOL) {
            Long v = s.toLong();
            return v != null && v != 0 ? head + ", match=yes, idx=list, pattern=unknown" : head + ", match=no";
        }
        boolean tree =
                method == MatchMethod.IP || (!ignoreCase && (method == MatchMethod.STR || method == MatchMethod.BEG));
        String best = null;
        int bestRank = -1;
        for (String p : patterns) {
            boolean hit;
            try {
                hit = compile(List.of(p)).test(s);
            } catch (IllegalArgumentException e) {
                hit = false;
            }
            if (!hit) {
                continue;
            }
            if (!tree) {
                best = p;
                break;
            }
            int rank = method == MatchMethod.IP
                    ? IpPatterns.parse(List.of(p))
                            .longestMatch(s.cast(SampleType.ADDR).toAddress())
                    : p.length();
            if (rank > bestRank) {
                bestRank = rank;
                best = p;
            }
        }
        if (best == null) {
            return head + ", match=no";
        }
        return head + ", match=yes, idx=" + (tree ? "tree" : "list") + ", pattern=\"" + best + "\"";
    }
}
