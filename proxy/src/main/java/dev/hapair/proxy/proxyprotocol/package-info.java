/**
 * The PROXY protocol (versions 1 and 2, as specified by HAProxy's proxy-protocol.txt): a pure decoder
 * ({@link dev.hapair.proxy.proxyprotocol.ProxyHeaderDecoder}, for {@code bind ... accept-proxy} and
 * {@code tcp-request connection expect-proxy layer4}) and encoder
 * ({@link dev.hapair.proxy.proxyprotocol.ProxyHeaderEncoder}, for {@code server ... send-proxy|send-proxy-v2}).
 * No I/O here: the Netty handlers in {@code netty} carry bytes in and out.
 */
package dev.hapair.proxy.proxyprotocol;
