package dev.hapair.vrrp.fsm;

/** RFC 5798 section 6.4 states, plus keepalived's FAULT (a tracked object with weight 0 failed). */
public enum VrrpState {
    INIT,
    BACKUP,
    MASTER,
    FAULT
}
