/**
 * HAProxy's master-worker mode ({@code -W}, {@code -Ws}, master CLI on {@code -S}): a master process that
 * starts one worker (a copy of hapair-proxy in the foreground), forwards signals to it, reports to systemd
 * and exits when the worker exits. Pure decisions ({@link dev.hapair.proxy.runtime.master.MasterCommands},
 * {@link dev.hapair.proxy.runtime.master.ShowProc}, {@link dev.hapair.proxy.runtime.master.MasterSignals},
 * {@link dev.hapair.proxy.runtime.master.WorkerCommand}) are apart from processes and sockets
 * ({@link dev.hapair.proxy.runtime.master.MasterProcess}).
 */
package dev.hapair.proxy.runtime.master;
