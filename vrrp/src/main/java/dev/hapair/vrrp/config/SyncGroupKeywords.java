package dev.hapair.vrrp.config;

/** The vocabulary of {@code vrrp_sync_group NAME { }}. */
final class SyncGroupKeywords {
    private SyncGroupKeywords() {}

    static final KeywordTable<ConfigDraft.SyncGroupDraft> TABLE = new KeywordTable<ConfigDraft.SyncGroupDraft>(
                    "vrrp_sync_group")
            .on("group", SyncGroupKeywords::group)
            .on("notify_master", (n, d, c) -> NotifyScriptReader.addTo(d.notify, n, c))
            .on("notify_backup", (n, d, c) -> NotifyScriptReader.addTo(d.notify, n, c))
            .on("notify_fault", (n, d, c) -> NotifyScriptReader.addTo(d.notify, n, c))
            .on("notify_stop", (n, d, c) -> NotifyScriptReader.addTo(d.notify, n, c))
            .on("notify", (n, d, c) -> NotifyScriptReader.addTo(d.notify, n, c))
            .notImplementedBecause("hapair sends no email; use notify scripts", "smtp_alert")
            .notImplemented(
                    "track_interface",
                    "track_script",
                    "track_file",
                    "track_process",
                    "track_bfd",
                    "notify_deleted",
                    "notify_priority_changes",
                    "global_tracking",
                    "sync_group_tracking_weight");

    private static void group(ConfigNode n, ConfigDraft.SyncGroupDraft d, ParseContext c) {
        if (!c.requireBlock(n)) {
            return;
        }
        for (ConfigNode member : n.children()) {
            // keepalived allows several names per line as well as one per line.
            d.members.add(new ConfigDraft.Member(member.name(), member.location()));
            for (Token more : member.args()) {
                d.members.add(new ConfigDraft.Member(more.text(), more.location()));
            }
            if (member.hasBlock()) {
                c.error(member, "'" + member.name() + "' in group of " + c.where() + " takes no { ... } block");
            }
        }
    }
}
