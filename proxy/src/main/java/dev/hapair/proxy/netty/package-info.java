/**
 * The proxy's I/O on Netty: {@link dev.hapair.proxy.netty.ProxyServer} binds the frontends; each accepted
 * connection becomes a {@code TcpSession} or an {@code HttpSession} on one event loop together with its
 * server connections ({@code ServerAttempt}, {@code ServerLink}); admission and maxconn gates, per-connection
 * timeouts ({@code Deadline}, time from a {@code dev.hapair.common.time.Scheduler}) and termination states as
 * HAProxy logs them ({@code Termination}). Tested with EmbeddedChannel and against real sockets.
 */
package dev.hapair.proxy.netty;
