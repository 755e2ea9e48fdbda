package dev.hapair.proxy.runtime;

import dev.hapair.common.config.SourceLocation;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A value that compares config model objects by their settings only. Every config record's
 * {@code equals} includes its {@link SourceLocation}, so a server that merely moved down a line would
 * look changed; a reload must treat it as the same server.
 */
final class ConfigSignature {
    private ConfigSignature() {}

    /** {@code value} with every {@link SourceLocation} removed, recursively through records and collections. */
    static Object of(Object value) {
        if (value == null || value instanceof SourceLocation) return null;
        if (value instanceof Record r) {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("@type", r.getClass().getName());
            for (RecordComponent c : r.getClass().getRecordComponents()) {
                if (c.getType() == SourceLocation.class) continue;
                try {
                    out.put(c.getName(), of(c.getAccessor().invoke(r)));
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException("cannot read " + c.getName() + " of " + r.getClass(), e);
                }
            }
            return out;
        }
        if (value instanceof Optional<?> o) return o.map(ConfigSignature::of).orElse(null);
        if (value instanceof Collection<?> c) {
            List<Object> out = new ArrayList<>();
            for (Object x : c) out.add(of(x));
            return out;
        }
        if (value instanceof Map<?, ?> m) {
            Map<Object, Object> out = new LinkedHashMap<>();
            for (var e : m.entrySet()) out.put(of(e.getKey()), of(e.getValue()));
            return out;
        }
        return value;
    }

    static boolean same(Object a, Object b) {
        return java.util.Objects.equals(of(a), of(b));
    }
}
