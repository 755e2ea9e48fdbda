package dev.hapair.proxy.sample;

/**
 * The kernel's TCP_INFO counters of the client connection as the {@code fc_rtt}, {@code fc_rttvar},
 * {@code fc_unacked}, {@code fc_sacked}, {@code fc_lost}, {@code fc_retrans}, {@code fc_fackets} and
 * {@code fc_reordering} fetches read them (tcpi_rtt and tcpi_rttvar in microseconds; tcpi_retrans, not
 * tcpi_retransmits).
 */
public record TcpInfo(
        long rttMicros,
        long rttvarMicros,
        long unacked,
        long sacked,
        long lost,
        long retrans,
        long fackets,
        long reordering) {

    /** Reads the counters of a connection when asked; returns null when there are none (not TCP, closed, NIO). */
    @FunctionalInterface
    public interface Probe {
        Probe NONE = () -> null;

        TcpInfo read();
    }
}
