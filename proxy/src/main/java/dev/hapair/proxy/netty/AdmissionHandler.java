package dev.hapair.proxy.netty;

import dev.hapair.proxy.backend.FrontendRuntime;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/**
 * First handler of every accepted connection: holds it back until the global and frontend
 * {@code maxconn} admit it, then counts it as a frontend session until it closes.
 */
final class AdmissionHandler extends ChannelInboundHandlerAdapter {
    private final ProxyContext px;
    private final FrontendRuntime frontend;
    private final ConnectionGate frontendGate;
    private boolean globalAdmitted;
    private boolean frontendAdmitted;
    private Runnable globalWait;
    private Runnable frontendWait;
    private boolean inactive;

    AdmissionHandler(ProxyContext px, FrontendRuntime frontend, ConnectionGate frontendGate) {
        this.px = px;
        this.frontend = frontend;
        this.frontendGate = frontendGate;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        globalWait = onLoop(ctx, () -> {
            globalAdmitted = true;
            if (inactive) {
                release();
                return;
            }
            frontendWait = onLoop(ctx, () -> {
                frontendAdmitted = true;
                if (inactive) {
                    release();
                    return;
                }
                px.activeConnections.incrementAndGet();
                frontend.counters().sessionStarted();
                ctx.fireChannelActive();
            });
            frontendGate.enter(frontendWait);
        });
        px.globalGate.enter(globalWait);
    }

    private static Runnable onLoop(ChannelHandlerContext ctx, Runnable r) {
        return () -> {
            if (ctx.channel().eventLoop().inEventLoop()) r.run();
            else ctx.channel().eventLoop().execute(r);
        };
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        inactive = true;
        boolean wasActive = globalAdmitted && frontendAdmitted;
        release();
        if (wasActive) {
            px.activeConnections.decrementAndGet();
            frontend.counters().sessionEnded();
            ctx.fireChannelInactive();
        }
    }

    private void release() {
        if (frontendAdmitted) {
            frontendAdmitted = false;
            frontendGate.exit();
        } else if (frontendWait != null) {
            frontendGate.forget(frontendWait);
        }
        if (globalAdmitted) {
            globalAdmitted = false;
            px.globalGate.exit();
        } else if (globalWait != null) {
            px.globalGate.forget(globalWait);
        }
    }
}
