/**
 * ACL compilation and evaluation.
 *
 * <p>Per proxy section: {@code AclTable t = ConfigAcls.compile(compiler, proxyConfig)}; per rule:
 * {@code CompiledCondition c = ConfigAcls.compile(compiler, t, rule.condition(), "use_backend", rule.location())};
 * per request: {@code c.matches(requestView, backendStates)}. For {@code -c}:
 * {@code ConfigAcls.validate(config, PatternFileLoader.FILES)} returns alerts naming file:line.
 */
package dev.hapair.proxy.acl;
