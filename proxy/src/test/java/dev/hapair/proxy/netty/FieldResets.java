package dev.hapair.proxy.netty;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;

/**
 * For the tests of objects reused from one request to the next ({@link HttpExchange}, {@link ServerAttempt}): their
 * instance fields, and a way to put a value no new object has into any of them, so a test can require a reset to
 * give back a new object's value in every field (a field the reset forgets fails it).
 */
final class FieldResets {
    private FieldResets() {}

    private static final sun.misc.Unsafe UNSAFE = unsafe();

    private static sun.misc.Unsafe unsafe() {
        try {
            Field f = sun.misc.Unsafe.class.getDeclaredField("theUnsafe");
            f.setAccessible(true);
            return (sun.misc.Unsafe) f.get(null);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    /** The instance fields of {@code type}, accessible. */
    static List<Field> stateFields(Class<?> type) {
        List<Field> out = new ArrayList<>();
        for (Field f : type.getDeclaredFields()) {
            if (Modifier.isStatic(f.getModifiers()) || f.isSynthetic()) continue;
            f.setAccessible(true);
            out.add(f);
        }
        return out;
    }

    /** Sets {@code f} of {@code o} to a value other than {@code fresh} (any object in a reference field). */
    @SuppressWarnings("deprecation") // Unsafe field offsets: the only way to put a value in any field whatever its type
    static void dirty(Object o, Field f, Object fresh) {
        long at = UNSAFE.objectFieldOffset(f);
        Class<?> t = f.getType();
        if (t == boolean.class) UNSAFE.putBoolean(o, at, !(Boolean) fresh);
        else if (t == int.class) UNSAFE.putInt(o, at, (Integer) fresh + 7);
        else if (t == long.class) UNSAFE.putLong(o, at, (Long) fresh + 7);
        else if (t.isPrimitive()) throw new AssertionError("a field of type " + t + ": extend this test");
        else if (t.isEnum()) {
            Object[] all = t.getEnumConstants();
            UNSAFE.putObject(o, at, all[0] == fresh ? all[all.length - 1] : all[0]);
        } else UNSAFE.putObject(o, at, new Object()); // never read before the reset overwrites it
    }
}
