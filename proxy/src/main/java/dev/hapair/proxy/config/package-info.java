/**
 * haproxy.cfg read into an immutable model ({@link dev.hapair.proxy.config.HaproxyConfig}): lexing with file
 * and line kept, {@link dev.hapair.proxy.config.HaproxyParser} filling builders section by section, then
 * {@link dev.hapair.proxy.config.ConfigResolver} checking references and conflicts. The vocabulary lives in
 * keyword tables, one per family ({@code GlobalKeywords}, {@code ProxyKeywords} and its families
 * {@code TimeoutKeywords}, {@code StatsKeywords}, {@code HttpCheckKeywords}, {@code HttpRequestKeywords},
 * {@code BalanceKeywords}, {@code CookieKeywords}, {@code OptionKeywords}, {@code BindKeywords},
 * {@code ServerKeywords}); every keyword is implemented, a documented tuning knob ({@code TuningKeywords}) or
 * an error naming {@code file:line} — never ignored. Config-side types that have a runtime counterpart carry
 * a {@code Config} suffix ({@code TimeoutsConfig}, {@code ForwardForConfig}, {@code HttpRequestRuleConfig}).
 */
package dev.hapair.proxy.config;
