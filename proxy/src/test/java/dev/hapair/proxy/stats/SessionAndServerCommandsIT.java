package dev.hapair.proxy.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hapair.proxy.testing.SideBySide;
import dev.hapair.testkit.Prerequisites;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The session and server commands of the runtime API against the installed HAProxy, same configuration and
 * traffic: {@code show sess} names the same frontend, backend and server for a relayed connection, {@code
 * shutdown sessions server} ends it on both (logged 'K'), {@code set maxconn server}, {@code disable health}
 * and {@code set server ... check-port} change the same stat columns, {@code show activity} keys are HAProxy's,
 * and the error answers are HAProxy's word for word.
 */
class SessionAndServerCommandsIT {
    @TempDir
    Path dir;

    @BeforeAll
    static void tools() {
        Prerequisites.assumeCommands("haproxy", "socat");
    }

    /** A server that accepts and holds every connection, reading what it gets. */
    static final class HoldingServer implements AutoCloseable {
        final ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        final List<Socket> accepted = new CopyOnWriteArrayList<>();

        HoldingServer() throws IOException {
            Thread t = new Thread(
                    () -> {
                        try {
                            while (true) accepted.add(socket.accept());
                        } catch (IOException closed) {
                            // done
                        }
                    },
                    "holding-server");
            t.setDaemon(true);
            t.start();
        }

        int port() {
            return socket.getLocalPort();
        }

        @Override
        public void close() throws IOException {
            socket.close();
            for (Socket s : accepted) s.close();
        }
    }

    /** "key=value" words of a {@code show sess} line. */
    private static Map<String, String> fields(String line) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String w : line.split(" ")) {
            int eq = w.indexOf('=');
            if (eq > 0) m.put(w.substring(0, eq), w.substring(eq + 1));
        }
        return m;
    }

    /** The streams of a {@code show sess} answer as sorted "proto fe be srv" (the CLI's own left out). */
    private static List<String> streams(String showSess) {
        List<String> out = new ArrayList<>();
        for (String l : showSess.split("\n")) {
            if (l.isBlank() || l.contains("proto=unix_stream")) continue;
            Map<String, String> f = fields(l);
            out.add(f.get("proto") + " " + f.get("fe") + " " + f.get("be") + " " + f.get("srv"));
        }
        java.util.Collections.sort(out);
        return out;
    }

    private static String logLine(String log, String marker) {
        for (String l : log.split("\n")) if (l.contains(marker)) return l;
        return null;
    }

    private static String sessOf(String showSess, String frontend) {
        for (String l : showSess.split("\n")) if (l.contains(" fe=" + frontend + " ")) return l;
        throw new AssertionError("no session of " + frontend + " in:\n" + showSess);
    }

    /** One CSV column of {@code show stat} for {@code px/sv}. */
    private static String stat(SideBySide p, String side, String px, String sv, String col) throws Exception {
        String csv = p.cli(side, "show stat");
        String[] lines = csv.strip().split("\n");
        List<String> cols = List.of(lines[0].substring(2).split(",", -1));
        for (String l : lines) {
            String[] v = l.split(",", -1);
            if (v.length > 1 && v[0].equals(px) && v[1].equals(sv)) return v[cols.indexOf(col)];
        }
        throw new AssertionError("no " + px + "/" + sv + " in " + csv);
    }

    private static void awaitStat(SideBySide p, String px, String sv, String col, String want) throws Exception {
        for (String side : new String[] {SideBySide.HAPAIR, SideBySide.HAPROXY}) {
            String got = "";
            for (int i = 0; i < 200 && !(got = stat(p, side, px, sv, col)).equals(want); i++) Thread.sleep(100);
            assertEquals(want, got, side + " " + px + "/" + sv + " " + col);
        }
    }

    private static String firstLine(Socket s) throws IOException {
        s.setSoTimeout(20_000);
        StringBuilder sb = new StringBuilder();
        InputStream in = s.getInputStream();
        for (int c; (c = in.read()) >= 0 && c != '\n'; ) if (c != '\r') sb.append((char) c);
        return sb.toString();
    }

    /** Reads until the proxy closes the connection; false when it is still open after 20 s. */
    private static boolean closedByPeer(Socket s) throws IOException {
        s.setSoTimeout(20_000);
        InputStream in = s.getInputStream();
        try {
            while (in.read() >= 0) {
                // nothing is expected; drain
            }
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException reset) {
            return true;
        }
    }

    @Test
    void sessionsAndServersAnswerAsHaproxy() throws Exception {
        try (HoldingServer hold = new HoldingServer();
                ServerSocket closed = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int refused = closed.getLocalPort();
            closed.close(); // nothing listens here: its check fails
            Map<String, Integer> tcpPort =
                    Map.of(SideBySide.HAPAIR, SideBySide.freePort(), SideBySide.HAPROXY, SideBySide.freePort());
            Map<String, Integer> httpPort =
                    Map.of(SideBySide.HAPAIR, SideBySide.freePort(), SideBySide.HAPROXY, SideBySide.freePort());
            try (SideBySide p = SideBySide.start(
                    dir,
                    side -> String.join(
                            "\n",
                            "global",
                            "    stats socket " + dir.resolve(side + ".sock") + " level admin",
                            "defaults",
                            "    timeout connect 1s",
                            "    timeout client 60s",
                            "    timeout server 60s",
                            "listen tcpfe",
                            "    mode tcp",
                            "    log stdout format raw local0",
                            "    option tcplog",
                            "    bind 127.0.0.1:" + tcpPort.get(side),
                            "    server s1 127.0.0.1:" + hold.port(),
                            "listen httpfe",
                            "    mode http",
                            "    log stdout format raw local0",
                            "    option httplog",
                            "    bind 127.0.0.1:" + httpPort.get(side),
                            "    server s1 127.0.0.1:" + hold.port(),
                            "backend hc",
                            "    mode tcp",
                            "    server h1 127.0.0.1:" + refused + " check inter 200 rise 1 fall 1",
                            ""))) {
                // one relayed connection through each proxy, held open by the server
                List<Socket> clients = new ArrayList<>();
                for (String side : List.of(SideBySide.HAPAIR, SideBySide.HAPROXY)) {
                    Socket c = new Socket(InetAddress.getLoopbackAddress(), tcpPort.get(side));
                    c.getOutputStream().write("hello\n".getBytes(StandardCharsets.US_ASCII));
                    clients.add(c);
                }
                // and one HTTP request through each, waiting for a response that does not come
                for (String side : List.of(SideBySide.HAPAIR, SideBySide.HAPROXY)) {
                    Socket c = new Socket(InetAddress.getLoopbackAddress(), httpPort.get(side));
                    c.getOutputStream()
                            .write("GET /wait HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                    clients.add(c);
                }
                for (int i = 0; i < 200 && hold.accepted.size() < 4; i++) Thread.sleep(50);
                assertEquals(4, hold.accepted.size(), "both proxies connected to the server twice");
                // and an HTTP connection that has sent nothing yet: a connection without a stream
                List<Socket> idle = new ArrayList<>();
                for (String side : List.of(SideBySide.HAPAIR, SideBySide.HAPROXY)) {
                    idle.add(new Socket(InetAddress.getLoopbackAddress(), httpPort.get(side)));
                }
                Thread.sleep(300); // accepted by both (nothing should show up: a wait for an absence)
                // show sess lists streams, as HAProxy: the relay and the waiting request, not the idle connection
                // (HAProxy also lists the CLI's own stream, which hapair does not)
                assertEquals(
                        streams(p.cli(SideBySide.HAPROXY, "show sess")),
                        streams(p.cli(SideBySide.HAPAIR, "show sess")));
                for (Socket c : idle) c.close();

                // show sess: the same frontend, backend, server and protocol
                Map<String, String> ours = fields(sessOf(p.cli(SideBySide.HAPAIR, "show sess"), "tcpfe"));
                Map<String, String> theirs = fields(sessOf(p.cli(SideBySide.HAPROXY, "show sess"), "tcpfe"));
                for (String k : List.of("proto", "fe", "be", "srv")) assertEquals(theirs.get(k), ours.get(k), k);
                assertEquals("tcpfe", ours.get("be"));
                assertEquals("s1", ours.get("srv"));
                assertTrue(ours.get("src").startsWith("127.0.0.1:"), ours.toString());
                for (String k : ours.keySet()) assertTrue(theirs.containsKey(k), "HAProxy's line has " + k);
                String id =
                        sessOf(p.cli(SideBySide.HAPAIR, "show sess"), "tcpfe").split(":")[0];
                assertTrue(p.cli(SideBySide.HAPAIR, "show sess " + id).startsWith(id + ": ["));

                // set maxconn server: the same slim
                for (String side : List.of(SideBySide.HAPAIR, SideBySide.HAPROXY)) {
                    assertEquals("\n", p.cli(side, "set maxconn server tcpfe/s1 7"));
                }
                awaitStat(p, "tcpfe", "s1", "slim", "7");

                // shutdown sessions server: both clients are disconnected; both logs say the same (K...)
                for (String side : List.of(SideBySide.HAPAIR, SideBySide.HAPROXY)) {
                    assertEquals("\n", p.cli(side, "shutdown sessions server tcpfe/s1"));
                    assertEquals("\n", p.cli(side, "shutdown sessions server httpfe/s1"));
                }
                // the relays are closed; the waiting requests get HAProxy's 502
                for (int i = 0; i < clients.size(); i++) {
                    String what = (i < 2 ? "tcp " : "http ") + (i % 2 == 0 ? "hapair" : "haproxy");
                    if (i < 2) assertTrue(closedByPeer(clients.get(i)), what + " closed the killed session");
                    else assertEquals("HTTP/1.1 502 Bad Gateway", firstLine(clients.get(i)), what);
                }
                Map<String, String> terminations = new LinkedHashMap<>();
                for (String side : List.of(SideBySide.HAPAIR, SideBySide.HAPROXY)) {
                    for (String px : List.of("tcpfe", "httpfe")) {
                        String line = null;
                        for (int i = 0; i < 100 && (line = logLine(p.logText(side), " " + px + "/s1 ")) == null; i++) {
                            Thread.sleep(100);
                        }
                        assertTrue(line != null, side + " logged no " + px + " line:\n" + p.logText(side));
                        java.util.regex.Matcher m = java.util.regex.Pattern.compile(" (K[A-Z-])[ -]")
                                .matcher(line);
                        assertTrue(m.find(), side + ": " + line);
                        String before = terminations.putIfAbsent(px, m.group(1));
                        if (before != null) assertEquals(before, m.group(1), px + ": " + line);
                    }
                }

                // health: the failing check has h1 DOWN; disable health keeps DOWN and blanks the check columns
                awaitStat(p, "hc", "h1", "status", "DOWN");
                for (String side : List.of(SideBySide.HAPAIR, SideBySide.HAPROXY)) {
                    assertEquals("\n", p.cli(side, "disable health hc/h1"));
                }
                awaitStat(p, "hc", "h1", "check_status", "");
                awaitStat(p, "hc", "h1", "status", "DOWN");
                for (String side : List.of(SideBySide.HAPAIR, SideBySide.HAPROXY)) {
                    assertEquals("\n", p.cli(side, "enable health hc/h1"));
                    // the check now goes to a listening port: h1 comes UP on both
                    assertEquals("\n", p.cli(side, "set server hc/h1 check-port " + hold.port()));
                }
                awaitStat(p, "hc", "h1", "status", "UP");
                awaitStat(p, "hc", "h1", "check_status", "L4OK");

                // show activity: every key hapair reports is one of HAProxy's
                String ourActivity = p.cli(SideBySide.HAPAIR, "show activity");
                String theirActivity = p.cli(SideBySide.HAPROXY, "show activity");
                for (String l : ourActivity.strip().split("\n")) {
                    String key = l.substring(0, l.indexOf(':') + 1);
                    assertTrue(theirActivity.contains("\n" + key) || theirActivity.startsWith(key), key);
                }
                assertTrue(ourActivity.matches("(?s).*\naccepted: [1-9].*"), ourActivity);

                // error answers, word for word
                for (String cmd : List.of(
                        "enable health tcpfe/s1",
                        "disable health tcpfe/s1",
                        "enable health hc/nope",
                        "enable agent hc/h1",
                        "disable agent hc/h1",
                        "set server hc/h1 agent up",
                        "set maxconn server tcpfe/s1",
                        "set maxconn server tcpfe/s1 x",
                        "set server hc/h1 check-port x",
                        "set server hc/h1 check-port 70000",
                        "set server tcpfe/s1 check-port 5",
                        "set server tcpfe/s1 bogus",
                        "set server hc/h1 check-addr zz",
                        "shutdown session",
                        "shutdown session 0x1",
                        "shutdown sessions server tcpfe",
                        "shutdown sessions server tcpfe/nope",
                        "set server tcpfe/s1 addr 127.0.0.1 port " + hold.port(),
                        "set server tcpfe/s1 addr 127.0.0.1",
                        // the session's level: lowered, never raised; expert and experimental modes are admin's
                        "show cli level",
                        "operator; show cli level",
                        "user; show cli level; operator",
                        "expert-mode",
                        "expert-mode on; expert-mode",
                        "user; expert-mode on",
                        "operator; experimental-mode on",
                        "experimental-mode foo")) {
                    assertEquals(p.cli(SideBySide.HAPROXY, cmd), p.cli(SideBySide.HAPAIR, cmd), cmd);
                }
            }
        }
    }
}
