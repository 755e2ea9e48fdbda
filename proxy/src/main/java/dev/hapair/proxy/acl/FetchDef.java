package dev.hapair.proxy.acl;

import java.util.List;
import java.util.function.Function;

/**
 * One fetch keyword: its sample shape, default match method and arguments.
 *
 * @param factory builds the fetcher from the parsed arguments (already count-checked)
 * @param backendArg the first argument names a backend (validated against the config)
 */
record FetchDef(String keyword, Class<? extends Fetcher> shape, MatchMethod defaultMethod, int minArgs, int maxArgs,
                boolean backendArg, Function<List<String>, Fetcher> factory) {
}
