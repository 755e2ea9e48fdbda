package dev.hapair.vrrp.watch;

import java.net.InetAddress;
import java.util.List;
import java.util.Objects;

/** Something wrong on the segment for one VRID, with the sources involved (sorted). */
public record Conflict(Kind kind, int vrid, List<InetAddress> sources, String detail) {

    public enum Kind {
        /** Two sources keep advertising the VRID at once: both think they are master (split brain). */
        TWO_MASTERS,
        /** Two sources advertise the VRID with different virtual address sets: two configs disagree. */
        VIP_SET_MISMATCH
    }

    public Conflict {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(detail, "detail");
        sources = List.copyOf(sources);
    }

    @Override
    public String toString() {
        return kind + " vrid " + vrid + ": " + detail;
    }
}
