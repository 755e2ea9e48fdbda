package dev.hapair.proxy.sample;

import java.util.function.Predicate;

/** A compiled {@code fetch,conv1,conv2...}: evaluates to a typed sample or null (not found). */
public final class SampleExpr {

    private final String text;
    private final Fetch fetch;
    private final Converter[] converters;
    private final SampleType[] inputs;
    private final SampleType type;
    private final Phase needs;
    /**
     * The fetch keeps {@link Fetch#any}'s default (one value: test the sample): {@link #any} then calls {@link
     * Fetch#fetch} itself. Acls call {@code any} on every request, and the default method's own call of {@code
     * fetch} is one call site shared by every fetch class (a megamorphic dispatch more); with converters it also
     * saves a lambda per call.
     */
    private final boolean singleValued;

    SampleExpr(String text, Fetch fetch, Converter[] converters, SampleType[] inputs, SampleType type, Phase needs) {
        this.text = text;
        this.fetch = fetch;
        this.converters = converters;
        this.inputs = inputs;
        this.type = type;
        this.needs = needs;
        this.singleValued = keepsDefaultAny(fetch);
    }

    private static boolean keepsDefaultAny(Fetch f) {
        try {
            return f.getClass()
                            .getMethod("any", SampleContext.class, Predicate.class)
                            .getDeclaringClass()
                    == Fetch.class;
        } catch (NoSuchMethodException e) {
            return false; // cannot tell: call its any()
        }
    }

    /** The type of the result (the last converter's, else the fetch's). */
    public SampleType type() {
        return type;
    }

    /** The phase whose data the fetch reads. */
    public Phase needs() {
        return needs;
    }

    public Sample eval(SampleContext c) {
        Sample s = fetch.fetch(c);
        return s == null ? null : convert(s, c);
    }

    /** The result as text, or null when there is no sample. */
    public String evalText(SampleContext c) {
        Sample s = eval(c);
        return s == null ? null : s.toText();
    }

    /** Whether any value (every occurrence of multi-valued fetches, converted) satisfies {@code p}: acls. */
    public boolean any(SampleContext c, Predicate<Sample> p) {
        if (singleValued) { // what Fetch.any's default and the converting lambda below do, without either call
            Sample s = fetch.fetch(c);
            if (s == null) {
                return false;
            }
            if (converters.length == 0) {
                return p.test(s);
            }
            Sample r = convert(s, c);
            return r != null && p.test(r);
        }
        if (converters.length == 0) {
            return fetch.any(c, p);
        }
        return fetch.any(c, s -> {
            Sample r = convert(s, c);
            return r != null && p.test(r);
        });
    }

    private Sample convert(Sample s, SampleContext c) {
        for (int i = 0; i < converters.length; i++) {
            s = s.cast(inputs[i]);
            if (s == null) {
                return null;
            }
            s = converters[i].apply(s, c);
            if (s == null) {
                return null;
            }
        }
        return s;
    }

    @Override
    public String toString() {
        return text;
    }
}
