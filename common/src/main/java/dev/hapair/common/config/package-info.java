/**
 * Configuration-diagnostic helpers shared by the haproxy.cfg and keepalived.conf parsers:
 * {@link dev.hapair.common.config.SourceLocation} ({@code file:line}) and
 * {@link dev.hapair.common.config.Suggestions} (did-you-mean, case-insensitive).
 */
package dev.hapair.common.config;
