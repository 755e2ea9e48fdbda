/**
 * hapair's own HTTP/1 message engine (RFC 9112, with HAProxy 2.6's accept/reject decisions where the RFC
 * leaves room). Pure code: no channel, no clock; Netty appears only as {@code ByteBuf} for input and output.
 *
 * <h2>Parsed head model (the contract rules and the proxy share)</h2>
 * <ul>
 *   <li>{@link dev.hapair.proxy.h1.HeadParser} copies one complete head out of the connection's buffer once
 *       into a {@code byte[]} and parses it into a {@link dev.hapair.proxy.h1.RequestHead} or
 *       {@link dev.hapair.proxy.h1.ResponseHead}. Start-line parts and every header name and value are kept
 *       as offsets (slices) into that array; strings are made only when someone asks for them.</li>
 *   <li>A head that parses is valid: every byte-level rule (token names, forbidden bytes, versions,
 *       Content-Length / Transfer-Encoding / Host consistency, limits) has been checked, and its
 *       {@link dev.hapair.proxy.h1.BodyFraming} is known. Anything else is an {@link dev.hapair.proxy.h1.H1Exception}
 *       (400 for a request, 502 for a response); nothing invalid is ever handed on.</li>
 *   <li>Edits (for {@code http-request}/{@code http-response} rules, forwardfor, cookies, connection
 *       handling): {@code addHeader}, {@code setHeader} (= delete all + add), {@code delHeader},
 *       {@code replaceValue(index, value)}, and start-line setters ({@code setMethod}, {@code setUri},
 *       {@code setPath}, {@code setQuery}, {@code setStatus}). Reads after an edit see the edited head
 *       (rules run in order and each sees the previous ones' effects). Names are case-insensitive.</li>
 *   <li>Edits are recorded, not applied in place: {@link dev.hapair.proxy.h1.MessageHead#writeTo} re-emits
 *       the head by copying the original bytes of every untouched line and writing only edited lines
 *       (an unedited head is one copy). Edits never touch framing: rules that try to set or delete
 *       {@code Content-Length} or {@code Transfer-Encoding} are refused by
 *       {@link dev.hapair.proxy.h1.MessageHead#isFramingHeader} checks in the caller (the framing was fixed
 *       when the head was parsed and the body is forwarded according to it).</li>
 *   <li>Values given to edits must not contain CR, LF or NUL ({@link java.lang.IllegalArgumentException}
 *       otherwise): an edit can never split a message.</li>
 *   <li>A head belongs to one event loop (not thread-safe) and holds no reference-counted memory.</li>
 * </ul>
 *
 * <h2>Bodies</h2>
 * {@link dev.hapair.proxy.h1.BodyFramer} walks the body bytes after a head according to its framing and says
 * how many of them belong to the message and when it ends. Bodies are forwarded as received (chunk sizes,
 * extensions and trailers included) once validated: framing is never re-encoded, repaired or synthesised.
 */
package dev.hapair.proxy.h1;
