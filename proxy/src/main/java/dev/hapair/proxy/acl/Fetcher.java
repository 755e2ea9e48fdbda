package dev.hapair.proxy.acl;

import java.net.InetAddress;
import java.util.List;

/** A compiled sample fetch; one of the four sample shapes below. */
interface Fetcher {

    long ABSENT = Long.MIN_VALUE;

    /** Zero or more string samples (an empty list means "not found"). */
    @FunctionalInterface
    interface Strings extends Fetcher {
        List<String> fetch(RequestView r, BackendStates b);
    }

    /** An integer sample, or {@link #ABSENT}. */
    @FunctionalInterface
    interface Int extends Fetcher {
        long fetch(RequestView r, BackendStates b);
    }

    /** An address sample, or null. */
    @FunctionalInterface
    interface Addr extends Fetcher {
        InetAddress fetch(RequestView r);
    }

    @FunctionalInterface
    interface Bool extends Fetcher {
        boolean fetch(RequestView r);
    }
}
