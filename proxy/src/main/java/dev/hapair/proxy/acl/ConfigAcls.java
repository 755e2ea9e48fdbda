package dev.hapair.proxy.acl;

import dev.hapair.common.config.SourceLocation;
import dev.hapair.proxy.config.AclDef;
import dev.hapair.proxy.config.Condition;
import dev.hapair.proxy.config.Conditions;
import dev.hapair.proxy.config.ConfigDiagnostic;
import dev.hapair.proxy.config.HaproxyConfig;
import dev.hapair.proxy.config.ProxyConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Applies the acl compiler to a proxy section of the config model ({@link AclDef}, {@link Condition}): the
 * runtime compiles a proxy's acls and rule conditions with it, and {@code -c} calls {@link #validate}.
 */
public final class ConfigAcls {

    private ConfigAcls() {}

    /** The compiled acls of one proxy section. */
    public static AclTable compile(AclCompiler compiler, ProxyConfig proxy) throws AclException {
        return compiler.compile(proxy.acls());
    }

    /** A rule's optional condition; empty means the rule always applies. */
    public static CompiledCondition compile(
            AclCompiler compiler, AclTable table, Optional<Condition> condition, String keyword, SourceLocation at)
            throws AclException {
        if (condition.isEmpty()) {
            return CompiledCondition.ALWAYS;
        }
        return compiler.compileCondition(table, condition.get(), keyword, at);
    }

    /**
     * Every acl problem of a resolved configuration, as alerts (and warnings for predefined acls that can
     * never match here). Backend names and acl references are left to the config resolver, which already
     * reports them in HAProxy's words.
     */
    public static List<ConfigDiagnostic> validate(HaproxyConfig config, PatternFileLoader patternFiles) {
        // stick-table fetches and converters name tables, which must exist
        AclCompiler compiler = new AclCompiler(new dev.hapair.proxy.sample.SampleEnv(
                patternFiles::load,
                new dev.hapair.proxy.sample.MapRegistry(patternFiles::load),
                b -> true,
                u -> true,
                dev.hapair.proxy.stick.StickTables.of(config, dev.hapair.proxy.stick.StickTables.CLOCK)));
        List<ConfigDiagnostic> out = new ArrayList<>();
        for (ProxyConfig p : config.proxies()) {
            for (AclException e : compiler.check(p.acls())) {
                out.add(ConfigDiagnostic.alert(new SourceLocation(e.file(), e.line()), e.keyword(), e.detail()));
            }
            List<Optional<Condition>> conditions = new ArrayList<>();
            p.useBackends().forEach(r -> conditions.add(r.condition()));
            p.rules().lines().forEach(r -> conditions.add(r.condition()));
            conditions.add(p.stats().adminCondition());
            for (Optional<Condition> c : conditions) {
                if (c.isPresent()) {
                    checkCondition(compiler, c.get(), out);
                }
            }
        }
        return out;
    }

    private static void checkCondition(AclCompiler compiler, Condition c, List<ConfigDiagnostic> out) {
        for (AclDef anon : Conditions.anonymousAcls(c)) {
            try {
                compiler.compileTerm(anon);
            } catch (AclException e) {
                out.add(ConfigDiagnostic.alert(new SourceLocation(e.file(), e.line()), e.keyword(), e.detail()));
            }
        }
        for (Condition.AclRef ref : Conditions.aclRefs(c)) {
            if (PredefinedAcls.UNSUPPORTED.contains(ref.name())) {
                out.add(ConfigDiagnostic.alert(
                        ref.location(),
                        "acl",
                        "predefined acl '" + ref.name() + "' is not supported by hapair-proxy (no RDP parsing)"));
            }
        }
    }
}
