/**
 * The hapair-proxy process: command line ({@link dev.hapair.proxy.runtime.ProxyCommandLine}), {@code -c}
 * checks, start-up ({@link dev.hapair.proxy.runtime.ProxyDaemon}, {@link dev.hapair.proxy.runtime.RuntimeBuilder}
 * from config to live objects), reload without dropping connections (listener hand-over, {@code -sf}/{@code -st}),
 * signals ({@code SignalHandlers} for ours, {@code SignalSender} to other processes), privileges,
 * daemonising, health checks and systemd notification.
 */
package dev.hapair.proxy.runtime;
