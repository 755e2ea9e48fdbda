package dev.hapair.vrrp.fsm;

/** Which keepalived notify script runs: notify_master, notify_backup, notify_fault, notify_stop. */
public enum NotifyType {
    MASTER,
    BACKUP,
    FAULT,
    STOP
}
