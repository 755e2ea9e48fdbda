package dev.hapair.proxy.acl;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

/** One compiled acl line: fetch + match method + patterns. */
@FunctionalInterface
interface AclTerm {

    boolean test(RequestView r, BackendStates b);

    static AclTerm never() {
        return (r, b) -> false;
    }

    static AclTerm strings(Fetcher.Strings f, StringPatterns p) {
        return (r, b) -> {
            for (String s : f.fetch(r, b)) {
                if (p.matches(s)) {
                    return true;
                }
            }
            return false;
        };
    }

    static AclTerm lengths(Fetcher.Strings f, IntPatterns p) {
        return (r, b) -> {
            for (String s : f.fetch(r, b)) {
                if (p.matches(s.length())) {
                    return true;
                }
            }
            return false;
        };
    }

    static AclTerm ints(Fetcher.Int f, IntPatterns p) {
        return (r, b) -> {
            long v = f.fetch(r, b);
            return v != Fetcher.ABSENT && p.matches(v);
        };
    }

    static AclTerm parsedInts(Fetcher.Strings f, IntPatterns p) {
        return (r, b) -> {
            for (String s : f.fetch(r, b)) {
                try {
                    if (p.matches(Long.parseLong(s.trim()))) {
                        return true;
                    }
                } catch (NumberFormatException e) {
                    // a non-numeric sample simply does not match
                }
            }
            return false;
        };
    }

    static AclTerm addresses(Fetcher.Addr f, IpPatterns p) {
        return (r, b) -> p.matches(f.fetch(r));
    }

    static AclTerm parsedAddresses(Fetcher.Strings f, IpPatterns p) {
        return (r, b) -> {
            for (String s : f.fetch(r, b)) {
                byte[] a = IpPatterns.literal(s.trim());
                if (a != null && p.matches(a)) {
                    return true;
                }
            }
            return false;
        };
    }

    static AclTerm found(Fetcher f) {
        if (f instanceof Fetcher.Strings s) {
            return (r, b) -> !s.fetch(r, b).isEmpty();
        }
        if (f instanceof Fetcher.Int i) {
            return (r, b) -> i.fetch(r, b) != Fetcher.ABSENT;
        }
        if (f instanceof Fetcher.Addr a) {
            return (r, b) -> a.fetch(r) != null;
        }
        return (r, b) -> true;
    }

    static AclTerm bool(Fetcher f) {
        if (f instanceof Fetcher.Bool bo) {
            return (r, b) -> bo.fetch(r);
        }
        if (f instanceof Fetcher.Int i) {
            return (r, b) -> {
                long v = i.fetch(r, b);
                return v != Fetcher.ABSENT && v != 0;
            };
        }
        return found(f);
    }

    /** Any fetch seen as strings, for string matches on integer or address samples. */
    static Fetcher.Strings asStrings(Fetcher f) {
        if (f instanceof Fetcher.Strings s) {
            return s;
        }
        if (f instanceof Fetcher.Int i) {
            return (r, b) -> {
                long v = i.fetch(r, b);
                return v == Fetcher.ABSENT ? List.of() : List.of(Long.toString(v));
            };
        }
        if (f instanceof Fetcher.Addr a) {
            return (r, b) -> {
                InetAddress x = a.fetch(r);
                return x == null ? List.of() : List.of(x.getHostAddress());
            };
        }
        Fetcher.Bool bo = (Fetcher.Bool) f;
        return (r, b) -> {
            List<String> out = new ArrayList<>(1);
            out.add(bo.fetch(r) ? "1" : "0");
            return out;
        };
    }
}
