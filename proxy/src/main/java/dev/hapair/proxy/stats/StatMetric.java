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
 */
public record StatMetric(
        String name,
        String help,
        boolean counter,
        Set<StatScope> scopes,
        String label,
        String labelValue,
        List<String> states,
        ToDoubleFunction<StatRow> value) {

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
        return new StatMetric(name, help, false, scopes, null, null, List.of(), null);
    }

    static StatMetric counter(String name, Set<StatScope> scopes, String help) {
        return new StatMetric(name, help, true, scopes, null, null, List.of(), null);
    }

    StatMetric labelled(String labelName, String labelValue) {
        return new StatMetric(name, help, counter, scopes, labelName, labelValue, states, value);
    }

    StatMetric valued(ToDoubleFunction<StatRow> f) {
        return new StatMetric(name, help, counter, scopes, label, labelValue, states, f);
    }

    static StatMetric states(String name, Set<StatScope> scopes, String help, List<String> states) {
        return new StatMetric(name, help, false, scopes, null, null, states, null);
    }

    public String fullName(StatScope scope) {
        return "haproxy_" + scope.metricWord() + "_" + name;
    }
}
