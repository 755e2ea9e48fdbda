package dev.hapair.proxy.sample;

import java.util.function.Predicate;

/** A compiled fetch: its arguments are bound, it only reads the context. */
@FunctionalInterface
public interface Fetch {

    /** The sample as used in expressions (for multi-valued fetches, the occurrence HAProxy documents); null if absent. */
    Sample fetch(SampleContext c);

    /**
     * Whether any of the values matches; acls iterate over every occurrence this way (all values of a
     * header, all cookies of a name). Single-valued fetches test their one sample.
     */
    default boolean any(SampleContext c, Predicate<Sample> p) {
        Sample s = fetch(c);
        return s != null && p.test(s);
    }
}
