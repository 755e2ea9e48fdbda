package dev.hapair.proxy.sample;

import java.util.List;

/**
 * One converter keyword of the registry.
 *
 * @param in the type its input is cast to (a chain whose previous type cannot cast to it is refused at -c)
 * @param out the type it produces
 */
public record ConverterDef(String name, SampleType in, SampleType out, int minArgs, int maxArgs, Factory factory) {

    @FunctionalInterface
    public interface Factory {
        Converter create(List<String> args, SampleEnv env);
    }
}
