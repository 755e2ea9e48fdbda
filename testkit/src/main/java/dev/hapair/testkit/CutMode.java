package dev.hapair.testkit;

/** How {@link Host#cutLink(String, CutMode)} cuts a host off its segment. */
public enum CutMode {
    /**
     * Sets the bridge-side veth end down: the host sees NO-CARRIER (operstate LOWERLAYERDOWN), as when a
     * cable is pulled. keepalived reacts to that with FAULT.
     */
    CARRIER_DOWN,
    /**
     * Detaches the bridge-side end from the bridge: the host's link stays up but frames go nowhere, as when
     * a switch in between fails. This is the split-brain case for VRRP.
     */
    DETACH
}
