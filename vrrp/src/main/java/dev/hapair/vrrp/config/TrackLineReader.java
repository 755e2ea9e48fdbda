package dev.hapair.vrrp.config;

import dev.hapair.common.config.Suggestions;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the entries of {@code track_script}, {@code track_interface} and {@code track_process} blocks:
 * {@code NAME [weight N] [reverse|noreverse|no_reverse]}.
 */
final class TrackLineReader {
    private TrackLineReader() {}

    static List<ConfigDraft.TrackLine> read(ConfigNode block, ParseContext ctx, int maxWeight) {
        List<ConfigDraft.TrackLine> out = new ArrayList<>();
        if (!ctx.requireBlock(block)) {
            return out;
        }
        if (!block.args().isEmpty()) {
            ctx.error(
                    block,
                    "unexpected words after '" + block.name() + "' in " + ctx.where() + ": "
                            + String.join(" ", block.argTexts()));
        }
        String where = block.name() + " of " + ctx.where();
        for (ConfigNode entry : block.children()) {
            ctx.enter(where);
            try {
                readEntry(entry, ctx, maxWeight).ifPresent(out::add);
            } finally {
                ctx.leave();
            }
        }
        return out;
    }

    private static java.util.Optional<ConfigDraft.TrackLine> readEntry(
            ConfigNode entry, ParseContext ctx, int maxWeight) {
        if (!ctx.noBlock(entry)) {
            return java.util.Optional.empty();
        }
        Integer weight = null;
        boolean reverse = false;
        List<String> args = entry.argTexts();
        for (int i = 0; i < args.size(); i++) {
            String word = args.get(i);
            switch (word) {
                case "weight" -> {
                    if (i + 1 >= args.size()) {
                        ctx.error(entry, "missing value for 'weight' of '" + entry.name() + "' in " + ctx.where());
                        return java.util.Optional.empty();
                    }
                    var w = ctx.intValue(entry, "weight", args.get(++i), -maxWeight, maxWeight);
                    if (w.isEmpty()) {
                        return java.util.Optional.empty();
                    }
                    weight = w.getAsInt();
                }
                case "reverse" -> reverse = true;
                case "noreverse", "no_reverse" -> reverse = false;
                default -> {
                    ctx.error(
                            entry,
                            "unknown option '" + word + "' for '" + entry.name() + "' in " + ctx.where()
                                    + Suggestions.didYouMean(word, List.of("weight", "reverse", "noreverse")));
                    return java.util.Optional.empty();
                }
            }
        }
        return java.util.Optional.of(new ConfigDraft.TrackLine(entry.name(), weight, reverse, entry.location()));
    }
}
