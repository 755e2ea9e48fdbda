package dev.hapair.proxy.stats;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.ToDoubleFunction;

/**
 * How one stats field appears in the Prometheus exposition, with HAProxy's exporter name:
 * {@code haproxy_<scope>_<name>}.
 *
 * @param counter   TYPE counter (else gauge)
 * @param label     extra label name ("code" for http_responses_total), or null
 * @param labelValue its value
 * @param states    for state metrics ({@code status}, {@code check_status}): one sample per state, 1 for the
 *                  current one (HAProxy 2.4+ style); empty otherwise
 * @param value     overrides the field's value (e.g. seconds from milliseconds, 0/1 for {@code up}); null = the
 *                  field's numeric value
 * @param stateCount for aggregated state metrics ({@code agg_server_status}): the sample of each state is this
 *                  count (servers in that state) instead of 0/1; null otherwise
 * @param skipEmpty an object whose field is empty has no sample (HAProxy's exporter skips HTTP families for TCP
 *                  proxies and check families for unchecked servers); otherwise an empty field is {@code NaN},
 *                  as HAProxy's exporter prints it
 */
public record StatMetric(
        String name,
        String help,
        boolean counter,
        Set<StatScope> scopes,
        String label,
        String labelValue,
        List<String> states,
        ToDoubleFunction<StatRow> value,
        java.util.function.ToIntBiFunction<StatRow, String> stateCount,
        boolean skipEmpty) {

    static final Set<StatScope> F = EnumSet.of(StatScope.FRONTEND);
    static final Set<StatScope> B = EnumSet.of(StatScope.BACKEND);
    static final Set<StatScope> S = EnumSet.of(StatScope.SERVER);
    static final Set<StatScope> BS = EnumSet.of(StatScope.BACKEND, StatScope.SERVER);
    static final Set<StatScope> FB = EnumSet.of(StatScope.FRONTEND, StatScope.BACKEND);
    static final Set<StatScope> FBS = EnumSet.allOf(StatScope.class);

    public StatMetric {
        scopes = Set.copyOf(scopes);
        states = List.copyOf(states);
    }

    static StatMetric gauge(String name, Set<StatScope> scopes, String help) {
        return new StatMetric(name, help, false, scopes, null, null, List.of(), null, null, false);
    }

    static StatMetric counter(String name, Set<StatScope> scopes, String help) {
        return new StatMetric(name, help, true, scopes, null, null, List.of(), null, null, false);
    }

    StatMetric labelled(String labelName, String labelValue) {
        return new StatMetric(name, help, counter, scopes, labelName, labelValue, states, value, stateCount, skipEmpty);
    }

    StatMetric valued(ToDoubleFunction<StatRow> f) {
        return new StatMetric(name, help, counter, scopes, label, labelValue, states, f, stateCount, skipEmpty);
    }

    /** Objects whose field is empty get no sample (instead of {@code NaN}). */
    StatMetric skippedWhenEmpty() {
        return new StatMetric(name, help, counter, scopes, label, labelValue, states, value, stateCount, true);
    }

    static StatMetric states(String name, Set<StatScope> scopes, String help, List<String> states) {
        return new StatMetric(name, help, false, scopes, null, null, states, null, null, true);
    }

    /** One sample per state whose value is {@code count(row, state)}. */
    static StatMetric stateCounts(
            String name,
            Set<StatScope> scopes,
            String help,
            List<String> states,
            java.util.function.ToIntBiFunction<StatRow, String> count) {
        return new StatMetric(name, help, false, scopes, null, null, states, null, count, true);
    }

    public String fullName(StatScope scope) {
        return "haproxy_" + scope.metricWord() + "_" + name;
    }
}
