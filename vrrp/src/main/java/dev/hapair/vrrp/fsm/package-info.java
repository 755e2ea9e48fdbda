/**
 * The VRRP state machine as pure objects: {@link dev.hapair.vrrp.fsm.VrrpInstance} takes
 * {@link dev.hapair.vrrp.fsm.VrrpEvent}s and the current time and returns {@link dev.hapair.vrrp.fsm.VrrpAction}s;
 * {@link dev.hapair.vrrp.fsm.VrrpSyncGroup} coordinates a vrrp_sync_group. No clock, no I/O: the daemon owns both.
 */
package dev.hapair.vrrp.fsm;
