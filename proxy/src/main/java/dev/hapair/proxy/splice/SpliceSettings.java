package dev.hapair.proxy.splice;

/**
 * A proxy's {@code option splice-*}: which HTTP/1 bodies may move by kernel splicing. An exchange splices a
 * direction when its frontend or its backend enables it, as HAProxy's options apply from either side.
 *
 * @param request {@code option splice-request}
 * @param response {@code option splice-response}
 * @param auto {@code option splice-auto}: both directions, for bodies expected to exceed one buffer
 * @param pipeSize the pipe size asked for (global {@code tune.pipesize}), 0 for the kernel's default
 */
public record SpliceSettings(boolean request, boolean response, boolean auto, int pipeSize) {
    public static final SpliceSettings NONE = new SpliceSettings(false, false, false, 0);
}
