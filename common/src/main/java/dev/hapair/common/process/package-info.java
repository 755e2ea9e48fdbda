/**
 * The daemon-process conventions both daemons follow: systemd notification
 * ({@link dev.hapair.common.process.SdNotify}) and the pid file ({@link dev.hapair.common.process.PidFile}).
 */
package dev.hapair.common.process;
