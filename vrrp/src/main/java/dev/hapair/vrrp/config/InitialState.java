package dev.hapair.vrrp.config;

/** keepalived's {@code state} keyword: the state an instance starts in (default BACKUP). */
public enum InitialState {
    MASTER,
    BACKUP
}
