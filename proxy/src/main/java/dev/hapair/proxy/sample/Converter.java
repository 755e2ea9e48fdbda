package dev.hapair.proxy.sample;

/** A compiled converter: input already cast to the declared type; null output means "no sample". */
@FunctionalInterface
public interface Converter {
    Sample apply(Sample in, SampleContext c);
}
