package dev.hapair.vrrp.runtime;

import dev.hapair.health.CheckResult;
import dev.hapair.health.probe.ScriptProbe;
import dev.hapair.vrrp.config.NotifyScript;
import dev.hapair.vrrp.config.NotifyScripts;
import dev.hapair.vrrp.fsm.NotifyType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * keepalived's notify conventions: the state's own script ({@code notify_master}, {@code notify_backup},
 * {@code notify_fault}, {@code notify_stop}) runs as written; then {@code notify} runs with
 * {@code INSTANCE|GROUP NAME STATE PRIORITY} appended. Scripts run in the background (never on the loop),
 * as their own user or {@code script_user}, and are killed after {@link #TIMEOUT}.
 */
public final class NotifyRunner {
    private static final Logger LOG = LoggerFactory.getLogger(NotifyRunner.class);
    static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final Optional<String> scriptUser;
    private final java.util.Set<CompletableFuture<CheckResult>> running = ConcurrentHashMap.newKeySet();

    public NotifyRunner(Optional<String> scriptUser) {
        this.scriptUser = scriptUser;
    }

    /** The argv of each script to run, in order (pure: tested without running anything). */
    public static List<List<String>> commands(
            NotifyScripts scripts, String kind, String name, NotifyType type, int priority) {
        List<List<String>> out = new ArrayList<>();
        Optional<NotifyScript> specific =
                switch (type) {
                    case MASTER -> scripts.master();
                    case BACKUP -> scripts.backup();
                    case FAULT -> scripts.fault();
                    case STOP -> scripts.stop();
                };
        specific.ifPresent(s -> out.add(s.argv()));
        scripts.any().ifPresent(s -> {
            List<String> argv = new ArrayList<>(s.argv());
            argv.addAll(List.of(kind, name, type.name()));
            if (priority >= 0) {
                argv.add(Integer.toString(priority)); // instances only: a group has no priority
            }
            out.add(argv);
        });
        return out;
    }

    /** Runs the instance's scripts for {@code type}; returns at once. */
    public void instance(NotifyScripts scripts, String name, NotifyType type, int priority) {
        run(scripts, "INSTANCE", name, type, priority);
    }

    /** Runs a sync group's scripts ({@code notify} gets {@code GROUP NAME STATE}, no priority). */
    public void group(NotifyScripts scripts, String name, NotifyType type) {
        run(scripts, "GROUP", name, type, -1);
    }

    private void run(NotifyScripts scripts, String kind, String name, NotifyType type, int priority) {
        List<Optional<NotifyScript>> sources = new ArrayList<>();
        sources.add(
                switch (type) {
                    case MASTER -> scripts.master();
                    case BACKUP -> scripts.backup();
                    case FAULT -> scripts.fault();
                    case STOP -> scripts.stop();
                });
        sources.add(scripts.any());
        List<List<String>> cmds = commands(scripts, kind, name, type, priority);
        int i = 0;
        for (Optional<NotifyScript> s : sources) {
            if (s.isEmpty()) {
                continue;
            }
            List<String> argv = cmds.get(i++);
            String user = s.get().user().or(() -> scriptUser).orElse(null);
            CompletableFuture<CheckResult> f = ScriptProbe.of(argv).asUser(user).run(TIMEOUT);
            running.add(f);
            f.whenComplete((r, e) -> {
                running.remove(f);
                if (e != null) {
                    LOG.warn("{}: notify script {} failed: {}", name, argv, e.toString());
                } else if (!r.succeeded()) {
                    LOG.warn("{}: notify script {} failed: {}", name, argv, r.describeWithDetail());
                } else {
                    LOG.debug("{}: notify script {} done", name, argv);
                }
            });
        }
    }

    /** Waits (bounded) for scripts still running, so notify_stop completes before the daemon exits. */
    public void awaitRunning(Duration max) {
        try {
            CompletableFuture.allOf(running.toArray(CompletableFuture[]::new))
                    .get(max.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            LOG.debug("notify scripts still running at exit: {}", running.size());
        }
    }
}
