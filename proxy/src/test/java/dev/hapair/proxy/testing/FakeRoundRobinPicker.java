package dev.hapair.proxy.testing;

import dev.hapair.proxy.backend.RequestInfo;
import dev.hapair.proxy.backend.ServerPicker;
import dev.hapair.proxy.backend.ServerRuntime;
import java.util.List;
import java.util.function.Predicate;

/** Test double for the lb selectors: plain rotation over eligible active servers, then backups. */
public final class FakeRoundRobinPicker implements ServerPicker {
    private final List<ServerRuntime> servers;
    private int next;

    public FakeRoundRobinPicker(List<ServerRuntime> servers) { this.servers = servers; }

    @Override
    public ServerRuntime pick(RequestInfo request, Predicate<ServerRuntime> eligible) {
        for (boolean backup : new boolean[] {false, true}) {
            for (int i = 0; i < servers.size(); i++) {
                ServerRuntime s = servers.get((next + i) % servers.size());
                if (s.backup() == backup && eligible.test(s)) {
                    next = (servers.indexOf(s) + 1) % servers.size();
                    return s;
                }
            }
        }
        return null;
    }
}
