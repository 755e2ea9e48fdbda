package dev.hapair.testkit;

import java.security.SecureRandom;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Naming rules shared by the Java kit and {@code bin/hapair-netns}: a run id of four {@code [0-9a-z]}
 * characters; namespaces {@code hpt<id>-<host>}; the bridge namespace {@code hpt<id>-sw}; inside it, bridges
 * {@code br-<segment>} and the bridge-side veth ends {@code <id><host>-<n>}. Every interface name fits the
 * kernel's 15-character limit by construction.
 */
public final class RunNames {
    /** Prefix of every namespace the kit creates. */
    public static final String PREFIX = "hpt";
    /** Host name reserved for the namespace that holds the bridges. */
    public static final String SWITCH_HOST = "sw";

    public static final int MAX_HOST_NAME = 8;
    public static final int MAX_SEGMENT_NAME = 12;
    public static final int MAX_IFNAME = 15;

    private static final Pattern RUN_ID = Pattern.compile("[0-9a-z]{4}");
    private static final Pattern HOST = Pattern.compile("[a-z][a-z0-9]{0,7}");
    private static final Pattern SEGMENT = Pattern.compile("[a-z][a-z0-9]{0,11}");
    private static final Pattern NAMESPACE = Pattern.compile("^hpt([0-9a-z]{4})-(.+)$");
    private static final String ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyz";
    private static final SecureRandom RANDOM = new SecureRandom();

    private RunNames() {}

    public static String randomRunId() {
        StringBuilder b = new StringBuilder(4);
        for (int i = 0; i < 4; i++) {
            b.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return b.toString();
    }

    public static String requireRunId(String id) {
        if (id == null || !RUN_ID.matcher(id).matches()) {
            throw new IllegalArgumentException("run id must be 4 characters [0-9a-z]: '" + id + "'");
        }
        return id;
    }

    public static String requireHostName(String host) {
        if (host == null || !HOST.matcher(host).matches()) {
            throw new IllegalArgumentException(
                    "host name must match [a-z][a-z0-9]{0,7} (it becomes part of 15-char interface names): '" + host
                            + "'");
        }
        if (SWITCH_HOST.equals(host)) {
            throw new IllegalArgumentException("host name 'sw' is reserved for the bridge namespace");
        }
        return host;
    }

    public static String requireSegmentName(String segment) {
        if (segment == null || !SEGMENT.matcher(segment).matches()) {
            throw new IllegalArgumentException("segment name must match [a-z][a-z0-9]{0,11}: '" + segment + "'");
        }
        return segment;
    }

    public static String namespace(String runId, String host) {
        return PREFIX + runId + "-" + host;
    }

    public static String switchNamespace(String runId) {
        return PREFIX + runId + "-" + SWITCH_HOST;
    }

    public static String bridge(String segment) {
        return "br-" + segment;
    }

    /** Bridge-side end of host interface number {@code index}; carries the run id so leaks are recognisable. */
    public static String bridgePort(String runId, String host, int index) {
        if (index < 0 || index > 99) {
            throw new IllegalArgumentException("interface index out of range 0..99: " + index);
        }
        String name = runId + host + "-" + index;
        if (name.length() > MAX_IFNAME) {
            throw new IllegalStateException("interface name too long: " + name);
        }
        return name;
    }

    /** Host-side interface name for interface number {@code index}: {@code eth0}, {@code eth1}, ... */
    public static String hostInterface(int index) {
        return "eth" + index;
    }

    /** The run id of a kit namespace name, or empty when {@code namespace} is not one of ours. */
    public static Optional<String> runIdOf(String namespace) {
        Matcher m = NAMESPACE.matcher(namespace);
        return m.matches() ? Optional.of(m.group(1)) : Optional.empty();
    }
}
