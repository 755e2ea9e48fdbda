package dev.hapair.proxy.netty;

import dev.hapair.proxy.h1.ResponseHead;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.DefaultByteBufHolder;

/**
 * A final response head written to an HTTP/2 stream: the head the engine parsed and edited, with its HTTP/1.1
 * bytes (the first {@code headLength} of {@link #content()}) and the start of its body after them. The stream
 * ({@link H2Connection}) turns the parsed head into HEADERS at once instead of parsing the bytes again; the bytes
 * are what any other client side would see.
 */
final class ParsedResponseHead extends DefaultByteBufHolder {
    private final ResponseHead head;
    private final int headLength;

    ParsedResponseHead(ResponseHead head, int headLength, ByteBuf bytes) {
        super(bytes);
        this.head = head;
        this.headLength = headLength;
    }

    ResponseHead head() {
        return head;
    }

    int headLength() {
        return headLength;
    }
}
