package dev.hapair.proxy.config;

import java.util.List;

/** Walks the {@code keyword [value]} options of a server or bind line through a keyword table. */
final class OptionParsing {

    private OptionParsing() {}

    /**
     * @param what  how to name the line in messages, e.g. "server 'web1' of backend 'app'"
     */
    static <B> void apply(
            KeywordTable<OptionWord<B>> table,
            B target,
            ConfigLine line,
            int from,
            String what,
            Diagnostics diagnostics) {
        List<String> w = line.words();
        int i = from;
        while (i < w.size()) {
            String k = w.get(i);
            KeywordTable.Entry<OptionWord<B>> e = table.find(k)
                    .orElseThrow(() -> new LineError("unknown keyword '" + k + "' in " + what + table.didYouMean(k)));
            if (i + e.arity() >= w.size()) {
                throw new LineError("'" + k + "' expects a value in " + what);
            }
            String value = e.arity() == 0 ? "" : w.get(i + 1);
            switch (e.support()) {
                case IMPLEMENTED -> {
                    try {
                        e.handler().handle(new OptionWord<>(target, value, line), line);
                    } catch (IllegalArgumentException | LineError ex) {
                        throw new LineError("'" + k + "' in " + what + ": " + ex.getMessage());
                    }
                }
                case UNSUPPORTED -> throw NotSupported.error(k, what);
                case TUNING -> diagnostics.warn(line, TuningKeywords.warning(k, e.reason()) + " (in " + what + ")");
            }
            i += 1 + e.arity();
        }
    }
}
