package dev.hapair.proxy.netty;

import dev.hapair.proxy.h1.ResponseHead;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.DefaultByteBufHolder;

/**
 * A final response head written to an HTTP/2 stream: the head the engine parsed and edited, with the start of
 * its body ({@link #content()}), which its HTTP/1.1 bytes precede when they were written (the first {@code
 * headLength}; 0: not written, the usual case). The stream ({@link H2Connection}) turns the parsed head into
 * HEADERS at once instead of writing and parsing HTTP/1.1 bytes.
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
