/**
 * TLS termination on {@code bind ... ssl} listeners: the provider (BoringSSL through Netty's OpenSSL
 * provider, the JDK's otherwise), PEM certificate loading at configuration load, SNI selection, and the
 * handler each accepted connection gets. Nothing here blocks an event loop: certificates are read and
 * checked when the configuration is loaded; a handshake only looks a name up in memory.
 */
package dev.hapair.proxy.tls;
