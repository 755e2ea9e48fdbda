package dev.hapair.testkit;

import java.util.Set;

/**
 * One neighbour-table entry, as {@code ip -j neigh} reports it.
 *
 * @param address the neighbour's IP address
 * @param device  the interface it was learnt on
 * @param mac     link-layer address in lower case, or null for entries without one (FAILED, INCOMPLETE)
 * @param states  kernel states such as {@code REACHABLE}, {@code STALE}, {@code PERMANENT}
 */
public record Neighbour(String address, String device, String mac, Set<String> states) {
    public Neighbour {
        states = Set.copyOf(states);
    }

    public boolean hasState(String state) {
        return states.contains(state);
    }
}
