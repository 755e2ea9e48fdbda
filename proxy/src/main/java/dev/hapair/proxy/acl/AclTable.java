package dev.hapair.proxy.acl;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** The acls of one proxy section ({@code frontend}, {@code backend}, {@code listen}), by name. */
public final class AclTable {

    public static final AclTable EMPTY = new AclTable(Map.of());

    private final Map<String, Acl> acls;

    AclTable(Map<String, Acl> acls) {
        // insertion order: suggestions and listings follow the config
        this.acls = Collections.unmodifiableMap(new LinkedHashMap<>(acls));
    }

    /** A user acl, else a predefined one ({@code TRUE}, {@code METH_GET}, ...), else null. */
    public Acl find(String name) {
        Acl a = acls.get(name);
        return a != null ? a : PredefinedAcls.find(name);
    }

    public Set<String> names() {
        return Collections.unmodifiableSet(acls.keySet());
    }
}
