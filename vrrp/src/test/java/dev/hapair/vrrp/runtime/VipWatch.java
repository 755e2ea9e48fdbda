package dev.hapair.vrrp.runtime;

import dev.hapair.testkit.Host;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Watches who holds a VIP every 50 ms while a test step runs and records each moment it is not held by
 * {@code expected} alone ({@link #wrong()} empty means no flap was seen). Close it to stop watching.
 */
final class VipWatch implements AutoCloseable {
    private final List<String> wrong = new CopyOnWriteArrayList<>();
    private final AtomicBoolean on = new AtomicBoolean(true);
    private final Thread thread;

    VipWatch(String vip, Host expected, Host other) {
        thread = new Thread(
                () -> {
                    while (on.get()) {
                        boolean a = expected.hasAddress("eth0", vip);
                        boolean b = other.hasAddress("eth0", vip);
                        if (!a || b) {
                            wrong.add(expected.name() + "=" + a + " " + other.name() + "=" + b);
                        }
                        try {
                            Thread.sleep(50);
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                },
                "vip-watch");
        thread.start();
    }

    /** The samples where the VIP was not on {@code expected} alone, e.g. "lb1=false lb2=true". */
    List<String> wrong() {
        return List.copyOf(wrong);
    }

    @Override
    public void close() throws InterruptedException {
        on.set(false);
        thread.join(5_000);
    }
}
