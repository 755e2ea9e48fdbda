package dev.hapair.vrrp.bgp;

import java.io.PrintStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The line ExaBGP reads from its {@code process}: our standard output. Each command is written and flushed at
 * once (ExaBGP acts on a line as soon as it arrives). Logged with the time it was sent.
 */
public final class ExabgpPipe {
    private static final Logger LOG = LoggerFactory.getLogger(ExabgpPipe.class);

    private final PrintStream out;
    private volatile boolean broken;

    public ExabgpPipe(PrintStream out) {
        this.out = out;
    }

    public synchronized void send(String line) {
        out.print(line + "\n");
        out.flush();
        if (out.checkError() && !broken) {
            broken = true;
            LOG.error("cannot write to ExaBGP (standard output closed): is hapair-vrrp bgp running as its process?");
        }
        LOG.info("to ExaBGP: {}", line);
    }

    public boolean broken() {
        return broken;
    }
}
