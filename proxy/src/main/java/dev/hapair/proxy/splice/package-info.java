/**
 * Kernel splicing of HTTP/1 bodies ({@code option splice-*}): {@link dev.hapair.proxy.splice.SpliceJob} moves a
 * body socket to socket through a pipe with splice(2) on the connection's event loop, which reports socket
 * readiness through {@code io.netty.channel.epoll.HapairReadiness} without Netty reading; {@code LinuxSplice}
 * binds the Linux calls with JNA.
 */
package dev.hapair.proxy.splice;
