/**
 * HTTP/2 on the client side, as a translation to and from the HTTP/1 engine: each stream's HEADERS and DATA
 * become the bytes of one HTTP/1.1 request ({@link dev.hapair.proxy.h2.RequestTranslator},
 * {@link dev.hapair.proxy.h2.RequestBody}) handed to the same exchange logic an HTTP/1 client gets (rules,
 * acls, routing, logs, counters), and the HTTP/1.1 response bytes that logic writes back are parsed with the
 * {@link dev.hapair.proxy.h1} parser into HEADERS and DATA ({@link dev.hapair.proxy.h2.ResponseTranslator}).
 * Servers are spoken to in HTTP/1.1.
 *
 * <p>Everything here is pure translation on buffers (no channel, no clock), so it is tested with golden bytes.
 * The frames themselves, HPACK, flow control and the flood limits are Netty's HTTP/2 codec, configured from
 * {@link dev.hapair.proxy.h2.H2Limits}.
 */
package dev.hapair.proxy.h2;
