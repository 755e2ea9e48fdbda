package dev.hapair.proxy.config;

import java.util.Optional;

/**
 * The {@code option X} flags of a proxy after defaults inheritance and {@code no option X}.
 *
 * @param httplogClf {@code option httplog clf}
 * @param httpchk    present when {@code option httpchk} is set (the server {@code check} then runs HTTP checks)
 * @param protocolCheck present when {@code option redis-check} (or another protocol check) is set
 * @param tcpCheck   {@code option tcp-check}
 * @param redispatchAfter {@code option redispatch <interval>} (-1 when written without one; 0 with {@code no})
 * @param acceptInvalidHttpRequest  {@code option accept-invalid-http-request} (frontend side)
 * @param acceptInvalidHttpResponse {@code option accept-invalid-http-response} (backend side)
 * @param restrictReqHdrNames {@code option http-restrict-req-hdr-names}
 * @param disableH2Upgrade {@code option disable-h2-upgrade}: a clear (or non-h2 ALPN) connection that starts
 *     with the HTTP/2 preface is not served as HTTP/2
 * @param httpReuse {@code http-reuse} (default {@code safe})
 * @param spliceRequest {@code option splice-request}: request bodies move by kernel splicing where possible
 * @param spliceResponse {@code option splice-response}: response bodies likewise
 * @param spliceAuto {@code option splice-auto}: both directions, for bodies larger than a buffer
 * @param tcpSmartAccept {@code [no] option tcp-smart-accept} as written (or inherited), null when unset: HAProxy's
 *     automatic value then applies (on in {@code mode http} and on a {@code bind ... ssl}, off otherwise:
 *     {@code FrontendSettings.smartAccept(boolean)})
 */
public record ProxyOptions(
        boolean httplog,
        boolean httplogClf,
        boolean tcplog,
        boolean dontlognull,
        boolean dontlogNormal,
        boolean logHealthChecks,
        boolean redispatch,
        int redispatchAfter,
        boolean allbackups,
        boolean abortonclose,
        boolean tcpka,
        boolean clitcpka,
        boolean srvtcpka,
        boolean tcpCheck,
        HttpConnectionMode httpConnectionMode,
        Optional<ForwardForConfig> forwardfor,
        Optional<HttpCheckSpec> httpchk,
        Optional<ProtocolCheck> protocolCheck,
        boolean acceptInvalidHttpRequest,
        boolean acceptInvalidHttpResponse,
        Optional<ForwardForConfig> originalto,
        boolean httpBufferRequest,
        HeaderNamePolicy restrictReqHdrNames,
        boolean logasap,
        boolean disableH2Upgrade,
        HttpReuse httpReuse,
        boolean spliceRequest,
        boolean spliceResponse,
        boolean spliceAuto,
        Boolean tcpSmartAccept) {}
