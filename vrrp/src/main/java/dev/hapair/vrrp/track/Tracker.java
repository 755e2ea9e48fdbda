package dev.hapair.vrrp.track;

/**
 * One tracked object shared by every instance that lists it (keepalived runs a vrrp_script once for all its
 * users). Created stopped; {@link #start} begins checking; changes go to the listener given at creation.
 */
public interface Tracker extends AutoCloseable {
    /** Unique key, also the name the state machine knows the track by: {@code script:chk_haproxy}. */
    String key();

    /** The current state (before {@link #start}: the initial one). */
    boolean up();

    void start();

    /** What is checked, for logs and the state dump. */
    String describe();

    @Override
    void close();

    static String scriptKey(String name) {
        return "script:" + name;
    }

    static String interfaceKey(String name) {
        return "interface:" + name;
    }

    static String processKey(String name) {
        return "process:" + name;
    }
}
