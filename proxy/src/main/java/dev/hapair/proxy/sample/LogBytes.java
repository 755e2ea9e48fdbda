package dev.hapair.proxy.sample;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Samples are byte strings (one char per byte) while log lines are text that the log sinks write as UTF-8.
 * HAProxy writes a sample's bytes into the line as they are: a UTF-8 name from a certificate or a header
 * arrives as its UTF-8 bytes. So a sample holding bytes above 0x7F that form valid UTF-8 is decoded here, and
 * the sink's encoding gives its bytes back unchanged. Bytes that are not UTF-8 are left as they are (the sink
 * then writes each as a UTF-8 character, where HAProxy writes the raw byte).
 */
final class LogBytes {

    private LogBytes() {}

    /**
     * Rewrites {@code sb} from {@code from} on, a sample's text, as described above; a NUL byte ends it (the
     * closing quote of +Q kept), as HAProxy's lf_text_len copies the sample with strlcpy2.
     */
    static void asUtf8(StringBuilder sb, int from, boolean quoted) {
        for (int k = from; k < sb.length(); k++) {
            if (sb.charAt(k) == 0) {
                sb.setLength(k);
                if (quoted) {
                    sb.append('"'); // +Q's closing quote follows the copied part
                }
                break;
            }
        }
        int n = sb.length();
        int i = from;
        while (i < n && sb.charAt(i) < 0x80) {
            i++;
        }
        if (i == n) {
            return; // ASCII, the usual case: nothing to do
        }
        byte[] b = new byte[n - from];
        for (int k = from; k < n; k++) {
            char ch = sb.charAt(k);
            if (ch > 0xFF) {
                return; // not a byte string (a name from the configuration): already text
            }
            b[k - from] = (byte) ch;
        }
        CharBuffer decoded;
        try {
            decoded = StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(b));
        } catch (CharacterCodingException e) {
            return;
        }
        sb.setLength(from);
        sb.append(decoded);
    }
}
