/**
 * The rule language's actions: {@code http-request}, {@code http-response}, {@code http-after-response} and
 * {@code tcp-request connection|session|content}, error files and userlists.
 *
 * <p>{@link dev.hapair.proxy.rules.ProxyRulesCompiler} turns a proxy's {@link dev.hapair.proxy.config.RulesConfig}
 * into an immutable {@link dev.hapair.proxy.rules.ProxyRules} (or every error for {@code -c}); each rule list is
 * a {@link dev.hapair.proxy.rules.RuleSet} of condition + {@link dev.hapair.proxy.rules.Action}, pure code over a
 * {@link dev.hapair.proxy.rules.Txn} that edits heads through {@link dev.hapair.proxy.rules.HeadEditor} (the HTTP
 * engine adapts its heads) and ends with an {@link dev.hapair.proxy.rules.Outcome}: go on, stop, reply
 * ({@link dev.hapair.proxy.rules.LocalReply}) or reject.
 */
package dev.hapair.proxy.rules;
