#!/usr/bin/env python3
"""What the JIT did during each measured round of bench/jitab.sh, from a -XX:+LogCompilation file of one of its proxies.

Usage: bench/complog.py LOGFILE ROUNDS.txt A|B
(run jitab.sh with e.g. B_OPTS="-XX:+UnlockDiagnosticVMOptions -XX:+LogCompilation -XX:LogFile=/tmp/b-comp.log"; the
file is complete once the JVM has exited). Per round window (the "ms since start" jitab.sh prints): compilations queued
by tier, C2 code made not entrant (deoptimised: not the sweeper's zombie records, not C1 code retired by its C2
successor) and the uncommon traps that did it, by reason and the innermost method@bci. A C2 compilation queued in a
measured round with a large invocation count is code compiled before and thrown away since (its history:
--history METHOD-PREFIX lists every C2 compile, trap and deoptimisation of matching methods).
"""
import collections
import re
import sys

def attr(s, k):
    m = re.search(k + r"='([^']*)'", s)
    return m.group(1) if m else None

def events(log):
    """(kind, stamp s, compile_id, detail): task_queued (method, level), not_entrant (level), trap (reason, jvms)."""
    out, pending, seen = [], None, set()
    for line in open(log, errors='replace'):
        if "zombie='1'" in line:
            continue
        if line.startswith('<task_queued'):
            out.append(('queued', float(attr(line, 'stamp')), attr(line, 'compile_id'),
                        (attr(line, 'method'), attr(line, 'level') or '4', attr(line, 'count'))))
        elif line.startswith('<make_not_entrant'):
            out.append(('not_entrant', float(attr(line, 'stamp')), attr(line, 'compile_id'), attr(line, 'level') or '4'))
        elif line.startswith('<uncommon_trap thread') and not line.rstrip().endswith('/>'):
            # a trap may be written twice (when it is taken, then with its count): one per stamp, method and reason
            key = (attr(line, 'stamp'), attr(line, 'compile_id'), attr(line, 'reason'))
            pending = None if key in seen else [float(key[0]), key[1], key[2]]
            seen.add(key)
        elif pending and line.startswith('<jvms'):
            m = attr(line, 'method').split(' ')
            out.append(('trap', pending[0], pending[1], (pending[2], m[0] + '.' + m[1] + '@' + attr(line, 'bci'))))
            pending = None
    return out

def windows(rounds, who):
    wins, cur = [], None
    for line in open(rounds):
        m = re.match(r'round (\S+) +(\d+) +(\S+)', line)
        if m:
            cur = (m.group(1) + ' ' + m.group(2), m.group(3))
            continue
        m = re.search(r'ms since start (\d+)-(\d+)', line)
        if m and cur and cur[1] == who:
            wins.append((cur[0], int(m.group(1)) / 1e3, int(m.group(2)) / 1e3))
    return wins

def main():
    args = sys.argv[1:]
    history = None
    if '--history' in args:
        i = args.index('--history')
        history = args[i + 1]
        del args[i:i + 2]
    log, rounds, who = args
    ev = events(log)
    ids = {e[2]: e[3] for e in ev if e[0] == 'queued'}
    short = lambda cid: (ids.get(cid, ('?', '?', '?'))[0] or '?').split(' ')[0]
    if history:
        for kind, st, cid, d in ev:
            m = ids.get(cid)
            if not m or not m[0].replace(' ', '.', 1).startswith(history) or m[1] != '4':
                continue
            print('%8.1f %-11s %s %s' % (st, kind, cid, d if kind != 'queued' else m[0] + ' count=' + str(m[2])))
        return
    for name, a, b in windows(rounds, who):
        inside = [e for e in ev if a <= e[1] <= b]
        queued = [e for e in inside if e[0] == 'queued']
        tiers = collections.Counter(e[3][1] for e in queued)
        deopt = [e for e in inside if e[0] == 'not_entrant' and e[3] == '4']
        traps = [e for e in inside if e[0] == 'trap']
        print('== %s (%.1f-%.1f s): queued %d (by tier %s), C2 code made not entrant %d, traps %d' % (
            name, a, b, len(queued), dict(sorted(tiers.items())), len(deopt), len(traps)))
        for e in queued:
            if e[3][1] == '4':
                print('   C2 %s count=%s' % (e[3][0].split(' ')[0], e[3][2]))
        for e in deopt:
            print('   not entrant: %s' % short(e[2]))
        for (reason, at), n in collections.Counter(e[3] for e in traps).most_common(20):
            print('   trap x%d %s at %s' % (n, reason, at))

main()
