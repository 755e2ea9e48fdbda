/**
 * The probes: {@link dev.hapair.health.probe.TcpProbe} (L4OK/L4CON/L4TOUT/SOCKERR),
 * {@link dev.hapair.health.probe.HttpProbe} ({@code option httpchk} + {@code http-check expect status}:
 * L7OK/L7OKC/L7STS/L7RSP/L7TOUT), {@link dev.hapair.health.probe.ProcessProbe} (pid, pid file or name via
 * /proc and pidfd, no fork: PROCOK/PROCERR, zombies are dead), {@link dev.hapair.health.probe.ScriptProbe}
 * (command with timeout and user: PROCOK/PROCERR/PROCTOUT, process tree killed at timeout) and
 * {@link dev.hapair.health.probe.ProcessWatcher} (callback the moment a process dies).
 *
 * <p>Network probes take a Netty {@code EventLoopGroup}; pass a single {@code EventLoop} to keep every check
 * on one thread. Nothing parks a thread per check: sockets are Netty channels, scripts are observed with
 * {@code Process.onExit()} and write their output to a temp file, process death is seen through pidfds polled
 * by one watcher thread. Process and name probes read procfs synchronously (microseconds to a few ms).
 */
package dev.hapair.health.probe;
