package dev.hapair.health.probe;

/**
 * The fields of {@code /proc/PID/stat} the process checks use.
 *
 * @param pid       process id
 * @param comm      command name (at most 15 characters, as the kernel truncates it)
 * @param state     state letter: R, S, D, T, Z (zombie), X (dead), ...
 * @param startTime start time in clock ticks since boot: with the pid, identifies one process across pid reuse
 */
public record ProcStat(long pid, String comm, char state, long startTime) {

    /** A zombie has exited and only waits for its parent to reap it: for a health check it is dead. */
    public boolean deadOrZombie() {
        return state == 'Z' || state == 'X' || state == 'x';
    }

    /** Parses one stat line; comm may contain spaces and parentheses, so it is taken up to the LAST ')'. */
    public static ProcStat parse(String line) {
        int open = line.indexOf('(');
        int close = line.lastIndexOf(')');
        if (open < 0 || close < open || close + 2 >= line.length()) {
            throw new IllegalArgumentException("malformed /proc stat line: " + line);
        }
        long pid = Long.parseLong(line.substring(0, open).trim());
        String comm = line.substring(open + 1, close);
        String[] rest = line.substring(close + 2).trim().split(" +");
        // rest[0] is field 3 (state); starttime is field 22 -> rest[19]
        long start = rest.length > 19 ? Long.parseLong(rest[19]) : 0;
        return new ProcStat(pid, comm, rest[0].charAt(0), start);
    }
}
