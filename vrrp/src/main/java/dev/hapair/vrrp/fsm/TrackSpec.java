package dev.hapair.vrrp.fsm;

import java.util.Objects;

/**
 * A tracked object (vrrp_script, track_interface, track_process...) as keepalived weighs it: a positive weight
 * is added while the object is up, a negative weight is added while it is down, and weight 0 means "down sends
 * the instance to FAULT".
 *
 * @param name        unique within the instance, e.g. {@code script:chk_haproxy} or {@code interface:eth0}
 * @param weight      -254..254
 * @param initiallyUp state before the first result arrives (keepalived scripts start up unless
 *                    {@code init_fail})
 */
public record TrackSpec(String name, int weight, boolean initiallyUp) {
    public TrackSpec {
        Objects.requireNonNull(name, "name");
        if (weight < -254 || weight > 254) {
            throw new IllegalArgumentException("track '" + name + "': weight must be -254..254: " + weight);
        }
    }

    public TrackSpec(String name, int weight) {
        this(name, weight, true);
    }
}
