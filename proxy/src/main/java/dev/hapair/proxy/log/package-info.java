/**
 * Traffic logs: {@link dev.hapair.proxy.log.TrafficLogEntry} formatted as HAProxy's tcplog/httplog and sent to
 * {@link dev.hapair.proxy.log.LogSink}s (syslog over UDP or a unix datagram socket, a stream, or several at
 * once). Sinks are called on event loops and never block.
 */
package dev.hapair.proxy.log;
