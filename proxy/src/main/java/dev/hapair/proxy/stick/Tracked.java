package dev.hapair.proxy.stick;

/** A stream's tracked counter ({@code track-scN}): an entry of a table, held until the stream ends. */
public record Tracked(StickTable table, StickTable.Entry entry) {

    /** The stream ends: the entry's {@code conn_cur} goes down and it may expire again. */
    public void release() {
        table.release(entry);
    }
}
