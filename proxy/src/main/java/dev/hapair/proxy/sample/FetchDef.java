package dev.hapair.proxy.sample;

import java.util.List;

/**
 * One fetch keyword of the registry.
 *
 * @param type the type of its samples
 * @param needs the phase whose data it reads
 * @param factory binds parsed arguments; throws IllegalArgumentException naming a bad argument
 */
public record FetchDef(String name, SampleType type, int minArgs, int maxArgs, Phase needs, Factory factory) {

    @FunctionalInterface
    public interface Factory {
        Fetch create(List<String> args, SampleEnv env);
    }
}
