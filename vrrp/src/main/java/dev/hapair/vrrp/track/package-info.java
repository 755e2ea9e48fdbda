/**
 * Tracked objects ({@code vrrp_script}, {@code track_process}, {@code track_interface}) shared by every
 * instance that lists them: each {@link dev.hapair.vrrp.track.Tracker} reports up/down changes to a
 * {@link dev.hapair.vrrp.track.TrackListener} on the daemon loop; script checks go through rise/fall and
 * {@link dev.hapair.vrrp.track.ScriptSecurity} ({@code enable_script_security}).
 */
package dev.hapair.vrrp.track;
