package dev.hapair.vrrp.config;

import dev.hapair.common.config.SourceLocation;

/**
 * The vocabulary of the top level of keepalived.conf: the sections hapair reads, and keepalived's other
 * sections (LVS, BFD, static addresses...) which are warned about and skipped.
 */
final class TopLevelKeywords {
    private TopLevelKeywords() {}

    static final KeywordTable<ConfigDraft> TABLE = new KeywordTable<ConfigDraft>("top level")
            .on("global_defs", TopLevelKeywords::globalDefs)
            .on("vrrp_script", TopLevelKeywords::vrrpScript)
            .on("vrrp_track_process", TopLevelKeywords::trackProcess)
            .on("vrrp_instance", TopLevelKeywords::vrrpInstance)
            .on("vrrp_sync_group", TopLevelKeywords::syncGroup)
            .on("bgp_speaker", BgpKeywords::speaker)
            .on("bgp_announce", BgpKeywords::announce)
            .notImplementedBecause("hapair-proxy balances traffic, not IPVS", "virtual_server", "virtual_server_group")
            .notImplemented(
                    "static_ipaddress",
                    "static_routes",
                    "static_rules",
                    "static_track_group",
                    "track_group",
                    "garp_group",
                    "linkbeat_interfaces",
                    "interface_up_down_delays",
                    "bfd_instance",
                    "vrrp_track_file",
                    "track_file",
                    "net_namespace",
                    "net_namespace_ipvs",
                    "namespace_with_ipsets",
                    "instance",
                    "use_pid_dir",
                    "linkbeat_use_polling",
                    "child_wait_time",
                    "SSL");

    private static void globalDefs(ConfigNode n, ConfigDraft d, ParseContext c) {
        if (!c.requireBlock(n)) {
            return;
        }
        if (!n.args().isEmpty()) {
            c.error(n, "unexpected words after 'global_defs': " + String.join(" ", n.argTexts()));
        }
        // Several global_defs blocks add up, as in keepalived.
        if (d.globalDefs.location == SourceLocation.NONE) {
            d.globalDefs.location = n.location();
        }
        GlobalDefsKeywords.TABLE.apply(n.children(), d.globalDefs, c, "global_defs");
    }

    private static void vrrpScript(ConfigNode n, ConfigDraft d, ParseContext c) {
        String name = sectionName(n, c);
        if (name == null) {
            return;
        }
        var draft = new ConfigDraft.VrrpScriptDraft(name, n.location());
        VrrpScriptKeywords.TABLE.apply(n.children(), draft, c, "vrrp_script " + name);
        d.scripts.add(draft);
    }

    private static void trackProcess(ConfigNode n, ConfigDraft d, ParseContext c) {
        String name = sectionName(n, c);
        if (name == null) {
            return;
        }
        var draft = new ConfigDraft.TrackProcessDraft(name, n.location());
        TrackProcessKeywords.TABLE.apply(n.children(), draft, c, "vrrp_track_process " + name);
        d.trackProcesses.add(draft);
    }

    private static void vrrpInstance(ConfigNode n, ConfigDraft d, ParseContext c) {
        String name = sectionName(n, c);
        if (name == null) {
            return;
        }
        var draft = new ConfigDraft.VrrpInstanceDraft(name, n.location());
        VrrpInstanceKeywords.TABLE.apply(n.children(), draft, c, "vrrp_instance " + name);
        d.instances.add(draft);
    }

    private static void syncGroup(ConfigNode n, ConfigDraft d, ParseContext c) {
        String name = sectionName(n, c);
        if (name == null) {
            return;
        }
        var draft = new ConfigDraft.SyncGroupDraft(name, n.location());
        SyncGroupKeywords.TABLE.apply(n.children(), draft, c, "vrrp_sync_group " + name);
        d.syncGroups.add(draft);
    }

    /** The NAME of {@code SECTION NAME { }}, or null after an error. */
    private static String sectionName(ConfigNode n, ParseContext c) {
        if (n.args().isEmpty()) {
            c.error(n, "'" + n.name() + "' needs a name, e.g. '" + n.name() + " NAME { ... }'");
            return null;
        }
        if (!c.requireBlock(n)) {
            return null;
        }
        if (n.args().size() > 1) {
            c.error(
                    n,
                    "unexpected words after '" + n.name() + " " + n.arg(0) + "': "
                            + String.join(" ", n.argTexts().subList(1, n.args().size())));
            return null;
        }
        return n.arg(0);
    }
}
