/**
 * keepalived.conf read into an immutable model ({@link dev.hapair.vrrp.config.KeepalivedConfig}) in three
 * passes — lex (file and line kept, includes expanded), parse (one keyword table per section builds drafts),
 * resolve (defaults, references, conflicts) — by {@link dev.hapair.vrrp.config.KeepalivedConfigParser}, which
 * never throws on bad input and returns every diagnostic with {@code file:line}. Unknown or unimplemented
 * keywords are errors. {@link dev.hapair.vrrp.config.ConfigDiff} tells a SIGHUP reload what changed.
 */
package dev.hapair.vrrp.config;
