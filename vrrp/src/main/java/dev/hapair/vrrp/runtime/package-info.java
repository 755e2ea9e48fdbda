/**
 * The hapair-vrrp process. {@link dev.hapair.vrrp.runtime.VrrpDaemon} owns lifecycle and reload; the rest has
 * its own owner: {@code DaemonLoop} (the one thread everything runs on), {@code ReceiverPool} (advert sockets
 * shared by instances), {@code TrackerRegistry}, {@code SyncGroupDispatch} (events through sync groups, group
 * notify), {@code LeftoverVips} (VIP reconciliation at start) and one {@code InstanceRunner} per vrrp_instance
 * carrying out its state machine's actions. Around it: command line, {@code -t} checks, signals, pid file,
 * state dump (SIGUSR1) and systemd notification ({@code DaemonProcess}).
 */
package dev.hapair.vrrp.runtime;
