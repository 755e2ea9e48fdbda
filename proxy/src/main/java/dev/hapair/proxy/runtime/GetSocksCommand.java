package dev.hapair.proxy.runtime;

import dev.hapair.proxy.config.StatsLevel;
import dev.hapair.proxy.stats.CliCommand;
import dev.hapair.proxy.stats.CliSession;
import io.netty.channel.Channel;
import io.netty.channel.unix.FileDescriptor;
import java.util.List;
import java.util.function.Supplier;

/**
 * {@code _getsocks} on a {@code stats socket ... expose-fd listeners}: hands this process's listening
 * sockets to a new process during a binary upgrade ({@code -sf}/{@code -x}, see {@link ListenerHandover}).
 *
 * <p>Framing (our own, not HAProxy's): each listening socket goes out as one SCM_RIGHTS message carrying
 * one fd and one data byte, then the connection closes; end of stream ends the list. The receiver reads
 * each socket's address from the socket itself. The sockets stay open and accepting here until this
 * process is soft-stopped.
 */
final class GetSocksCommand implements CliCommand {
    private final Supplier<List<Integer>> listenerFds;

    GetSocksCommand(Supplier<List<Integer>> listenerFds) {
        this.listenerFds = listenerFds;
    }

    @Override
    public StatsLevel level() {
        return StatsLevel.USER; // gated by expose-fd listeners, as in HAProxy
    }

    @Override
    public String help() {
        return null; // internal command, hidden from help as HAProxy does
    }

    @Override
    public String run(List<String> words, CliSession session) {
        if (!session.exposeFdListeners()) {
            return "Permission denied: this stats socket has no 'expose-fd listeners'.\n";
        }
        if (!(session.transport() instanceof Channel ch)) {
            return "_getsocks needs a unix stats socket.\n";
        }
        // written before the (empty) answer that the session flushes and then closes on: order is kept
        for (int fd : listenerFds.get()) ch.write(new FileDescriptor(fd));
        return "";
    }
}
