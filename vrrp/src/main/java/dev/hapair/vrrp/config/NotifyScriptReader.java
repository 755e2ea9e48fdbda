package dev.hapair.vrrp.config;

import java.util.Optional;

/** Reads {@code notify_* SCRIPT [username [groupname]]}, shared by vrrp_instance and vrrp_sync_group. */
final class NotifyScriptReader {
    private NotifyScriptReader() {}

    static Optional<NotifyScript> read(ConfigNode node, ParseContext ctx) {
        if (!ctx.noBlock(node)) {
            return Optional.empty();
        }
        if (node.args().isEmpty()) {
            ctx.error(node, "missing script for '" + node.name() + "' in " + ctx.where());
            return Optional.empty();
        }
        if (node.args().size() > 3) {
            ctx.error(
                    node,
                    "'" + node.name() + "' in " + ctx.where() + " takes SCRIPT [username [groupname]]:"
                            + " quote a script that has arguments");
            return Optional.empty();
        }
        Optional<String> user = node.args().size() > 1 ? Optional.of(node.arg(1)) : Optional.empty();
        Optional<String> group = node.args().size() > 2 ? Optional.of(node.arg(2)) : Optional.empty();
        return Optional.of(new NotifyScript(node.arg(0), user, group, node.location()));
    }

    static void addTo(ConfigDraft.NotifyDraft notify, ConfigNode node, ParseContext ctx) {
        Optional<NotifyScript> script = read(node, ctx);
        if (script.isEmpty()) {
            return;
        }
        NotifyScript s = script.get();
        switch (node.name()) {
            case "notify_master" -> notify.master = s;
            case "notify_backup" -> notify.backup = s;
            case "notify_fault" -> notify.fault = s;
            case "notify_stop" -> notify.stop = s;
            case "notify" -> notify.any = s;
            default -> throw new IllegalArgumentException(node.name());
        }
    }
}
