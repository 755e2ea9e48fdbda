package dev.hapair.proxy.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.netty.handler.ssl.HapairQuietClose;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import org.junit.jupiter.api.Test;

/**
 * HapairQuietClose on a Netty that lacks what it reads: it must say so ({@code available()} false, every close then
 * takes Netty's own path) instead of failing its class initialisation, which would make every TLS connection's
 * close throw from {@link QuietClose} and never reach the SslHandler and the session's handlers.
 */
class QuietCloseFallbackTest {
    private static final String QUEUE = "io.netty.handler.ssl.SslHandlerCoalescingBufferQueue";

    @Test
    void aNettyWithoutTheWriteQueueClassTakesNettysPath() throws Exception {
        ClassLoader loader = new WithoutQueue(HapairQuietClose.class.getClassLoader());
        Class<?> c = Class.forName(HapairQuietClose.class.getName(), false, loader);
        Method available = c.getMethod("available");
        assertEquals(false, available.invoke(null));
    }

    /**
     * Defines HapairQuietClose (and its nested classes) itself, as an older Netty's class path would see it, with
     * the write queue's top-level class absent (Netty had it nested in SslHandler before); the rest from the parent.
     */
    private static final class WithoutQueue extends ClassLoader {
        WithoutQueue(ClassLoader parent) {
            super(parent);
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            synchronized (getClassLoadingLock(name)) {
                if (name.equals(QUEUE)) throw new ClassNotFoundException(name);
                if (!name.startsWith(HapairQuietClose.class.getName())) return super.loadClass(name, resolve);
                Class<?> c = findLoadedClass(name);
                if (c == null) {
                    try (InputStream in = getParent().getResourceAsStream(name.replace('.', '/') + ".class")) {
                        if (in == null) throw new ClassNotFoundException(name);
                        byte[] b = in.readAllBytes();
                        c = defineClass(name, b, 0, b.length);
                    } catch (IOException e) {
                        throw new ClassNotFoundException(name, e);
                    }
                }
                if (resolve) resolveClass(c);
                return c;
            }
        }
    }
}
