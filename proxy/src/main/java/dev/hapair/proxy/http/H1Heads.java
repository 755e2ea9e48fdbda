package dev.hapair.proxy.http;

import dev.hapair.proxy.h1.MessageHead;
import dev.hapair.proxy.h1.RequestHead;
import dev.hapair.proxy.h1.ResponseHead;
import dev.hapair.proxy.rules.HeadEditor;
import dev.hapair.proxy.sample.Sample;
import dev.hapair.proxy.sample.Uris;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * The HTTP/1 engine's heads as the rules engine edits them. Framing fields ({@code Content-Length},
 * {@code Transfer-Encoding}) are never edited: the body is forwarded as it was framed when the head was
 * parsed (the configuration check refuses rules naming them). A value with CR, LF or NUL (a decoded
 * sample can hold them) is dropped rather than split the message.
 */
public final class H1Heads {
    private H1Heads() {}

    abstract static class Head implements HeadEditor {
        final MessageHead m;

        Head(MessageHead m) {
            this.m = m;
        }

        @Override
        public List<String> headers(String name) {
            return m.headers(name);
        }

        /** What rules read, kept for the next rule; made by the first read (a head no rule reads costs nothing). */
        Reads reads;

        Reads reads() {
            Reads r = reads;
            return r != null ? r : (reads = new Reads());
        }

        @Override
        public String oneHeader(String name) {
            Reads r = reads();
            if (name.equals(r.oneName) && r.stillValid(m, name)) return r.oneValue;
            int i = m.indexOf(name, 0);
            String v = i < 0 ? null : m.indexOf(name, i + 1) >= 0 ? SEVERAL : m.fieldValue(i);
            r.keep(m, name, i, v);
            return v;
        }

        @Override
        public long lineBytes(String name) {
            return m.lineBytes(name);
        }

        @Override
        public boolean has(String name) {
            return m.hasHeader(name);
        }

        @Override
        public List<Map.Entry<String, String>> headerLines() {
            List<Map.Entry<String, String>> out = new ArrayList<>();
            m.forEachHeader((n, v) -> out.add(new AbstractMap.SimpleImmutableEntry<>(n, v)));
            return out;
        }

        @Override
        public void set(String name, String value) {
            if (MessageHead.isFramingHeader(name) || !safe(value)) return;
            m.setHeader(name, value);
        }

        @Override
        public void add(String name, String value) {
            if (MessageHead.isFramingHeader(name) || !safe(value)) return;
            m.addHeader(name, value);
        }

        @Override
        public Object acceptName(String name) {
            return MessageHead.isFramingHeader(name) || !MessageHead.validName(name) ? null : ACCEPTED;
        }

        @Override
        public Object acceptValue(String value) {
            return MessageHead.validValue(value) ? ACCEPTED : null;
        }

        @Override
        public void edit(boolean set, String name, Object nameToken, String value, Object valueToken) {
            if (nameToken != ACCEPTED) {
                if (set) set(name, value);
                else add(name, value);
            } else if (valueToken == ACCEPTED || MessageHead.validValue(value)) {
                // a rendered value is scanned once in the usual case (no CR, LF, NUL or char above 0xff), not by
                // safe() and then again by the head's check
                m.editHeader(set, name, value, true);
            } else if (safe(value)) { // a value with CR, LF or NUL is dropped, as by set and add
                m.editHeader(set, name, value, false); // a char above 0xff: refused by the head's check, as before
            }
        }

        @Override
        public void removeIf(Predicate<String> name) {
            for (int i = 0; i < m.fieldCount(); i++) {
                if (m.isDeleted(i)) continue;
                String n = m.fieldName(i);
                if (!MessageHead.isFramingHeader(n) && name.test(n.toLowerCase(Locale.ROOT))) m.delete(i);
            }
        }

        /** By name: no per-line lower-cased copy (del-header's common case, on every request). */
        @Override
        public void remove(String lowerName) {
            if (MessageHead.isFramingHeader(lowerName)) return;
            for (int i = m.indexOf(lowerName, 0); i >= 0; i = m.indexOf(lowerName, i + 1)) m.delete(i);
        }

        /** One scan for del-header's count and deletion; framing fields are counted, never deleted, as before. */
        @Override
        public long removeCounted(String lowerName) {
            if (MessageHead.isFramingHeader(lowerName)) return m.lineBytes(lowerName);
            return m.delHeaderCounted(lowerName);
        }

        @Override
        public void rewrite(String name, UnaryOperator<String> value) {
            if (MessageHead.isFramingHeader(name)) return;
            for (int i = m.indexOf(name, 0); i >= 0; i = m.indexOf(name, i + 1)) {
                String v = value.apply(m.fieldValue(i));
                if (v == null) {
                    m.delete(i);
                } else if (safe(v)) {
                    m.replaceValue(i, v);
                }
            }
        }
    }

    /**
     * The last answer of {@code oneHeader}, while the fields stay as they were (rules often read a header twice:
     * an acl on Host, then a variable or a map of it; it is looked up and made into a string once), and the
     * {@code path} sample of the target it was made from (a rule that rewrites the target makes a new one).
     */
    private static final class Reads {
        String oneName, oneValue, oneEdit; // oneName null: nothing kept
        int oneIndex, oneCount;
        String pathOf;
        Sample path;

        /**
         * Keeps oneHeader's answer {@code v}, read from field {@code i}, when there was one line: an absent header
         * is not kept (a look-up of one that is absent would otherwise push out the one read again later).
         */
        void keep(MessageHead m, String name, int i, String v) {
            if (i < 0 || v == HeadEditor.SEVERAL) return;
            oneName = name;
            oneValue = v;
            oneIndex = i;
            oneEdit = m.editedValue(i);
            oneCount = m.fieldCount();
        }

        /**
         * The kept answer still holds: its field is neither deleted nor given another value, and no field of that
         * name was added since (the other edits of the head, to other fields, do not matter).
         */
        boolean stillValid(MessageHead m, String name) {
            return !m.isDeleted(oneIndex) && m.editedValue(oneIndex) == oneEdit && m.indexOf(name, oneCount) < 0;
        }
    }

    /** What {@link Head#acceptName} and {@link Head#acceptValue} answer for what the HTTP/1 engine accepts. */
    private static final Object ACCEPTED = new Object();

    static boolean safe(String v) {
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c == '\r' || c == '\n' || c == 0) return false;
        }
        return true;
    }

    public static HeadEditor request(RequestHead head) {
        return new Request(head);
    }

    private static final class Request extends Head {
        private final RequestHead r;

        Request(RequestHead r) {
            super(r);
            this.r = r;
        }

        @Override
        public Sample pathSample() {
            String u = r.uri();
            Reads c = reads();
            if (u != c.pathOf) {
                String p = Uris.path(u);
                c.path = p == null ? null : Sample.str(p);
                c.pathOf = u;
            }
            return c.path;
        }

        @Override
        public String method() {
            return r.method();
        }

        @Override
        public String uri() {
            return r.uri();
        }

        @Override
        public String receivedMethod() {
            return r.receivedMethod();
        }

        @Override
        public String receivedUri() {
            return r.receivedUri();
        }

        @Override
        public String receivedVersion() {
            return r.receivedVersion();
        }

        @Override
        public String version() {
            return r.version();
        }

        @Override
        public void setUri(String uri) {
            if (safe(uri) && !uri.isEmpty() && uri.indexOf(' ') < 0) r.setUri(uri);
        }

        @Override
        public void setMethod(String method) {
            if (safe(method) && !method.isEmpty() && method.indexOf(' ') < 0) r.setMethod(method);
        }
    }

    public static HeadEditor response(ResponseHead r) {
        return new Head(r) {
            @Override
            public int status() {
                return r.status();
            }

            @Override
            public String reason() {
                return r.reason();
            }

            @Override
            public String version() {
                return r.version();
            }

            @Override
            public void setStatus(int status, String reason) {
                r.setStatus(status, reason == null ? ErrorReason.of(status) : reason);
            }
        };
    }

    /** Standard reason phrases for {@code set-status} without {@code reason}. */
    static final class ErrorReason {
        static String of(int code) {
            String r =
                    io.netty.handler.codec.http.HttpResponseStatus.valueOf(code).reasonPhrase();
            return r.startsWith("Unknown") ? "" : r;
        }
    }
}
