#!/usr/bin/env python3
"""Sequential full TLS handshakes against one server, each timed in parts (bench/tlsab.sh's hslat case).

Usage: hslat.py HOST PORT SECONDS [MAX]  -> one line: "N handshakes  connect p50 p90  flight p50 p90  total p50 p90
min flight F total T"
(milliseconds). One connection at a time, no session reused: connect = the TCP connect; flight = from the
ClientHello's send (just before the syscall) to the first byte of the server's answer (the server's own work: accept, engine, key
exchange, signature, its writes); total = connect start to the client's handshake done (its Finished sent).
The handshake is driven through memory BIOs so the ClientHello's send and the flight's arrival are seen; the
connection then closes without reading the tickets (as s_time -new does). Bounded by SECONDS and MAX.
"""
import socket, ssl, statistics, sys, time

host, port, secs = sys.argv[1], int(sys.argv[2]), float(sys.argv[3])
cap = int(sys.argv[4]) if len(sys.argv) > 4 else 100000
ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
ctx.check_hostname = False
ctx.verify_mode = ssl.CERT_NONE
ctx.set_alpn_protocols(['http/1.1'])
conn, flight, total = [], [], []
end = time.monotonic() + secs
while time.monotonic() < end and len(total) < cap:
    t0 = time.perf_counter()
    s = socket.create_connection((host, port))
    s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    t1 = time.perf_counter()
    inc, out = ssl.MemoryBIO(), ssl.MemoryBIO()
    o = ctx.wrap_bio(inc, out, server_side=False, server_hostname='bench.test')
    first = None
    while True:
        try:
            o.do_handshake()
            done = True
        except ssl.SSLWantReadError:
            done = False
        data = out.read()
        if data:
            if first is None:
                # taken before the send: on a busy machine the woken server may preempt this client right after
                # the send's syscall, and a timestamp taken after it then misses the server's work (seen: 5 us)
                first = time.perf_counter()
            s.sendall(data)
        if done:
            break
        got = s.recv(65536)
        if not got:
            raise SystemExit('hslat: the server closed during the handshake')
        if first is not None and first > 0:
            flight.append(time.perf_counter() - first)
            first = -1  # the flight's first bytes timed once
        inc.write(got)
    t2 = time.perf_counter()
    s.close()
    conn.append(t1 - t0); total.append(t2 - t0)

def q(v, p):
    v = sorted(v)
    return v[min(len(v) - 1, int(p * len(v)))] * 1000

print('%d handshakes  connect %.3f %.3f  flight %.3f %.3f  total %.3f %.3f  min flight %.3f total %.3f' % (
    len(total), q(conn, .5), q(conn, .9), q(flight, .5), q(flight, .9), q(total, .5), q(total, .9),
    min(flight) * 1000, min(total) * 1000))
