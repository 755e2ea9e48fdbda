package dev.hapair.vrrp.fsm;

/** Why a master (re-)announces its addresses with gratuitous ARP. */
public enum AnnounceReason {
    /** Entering MASTER: the first burst (garp_master_repeat). */
    BECAME_MASTER,
    /** The second burst, garp_master_delay after entering MASTER. */
    MASTER_DELAY,
    /** garp_master_refresh: periodic while MASTER. */
    REFRESH,
    /** A lower-priority advert was heard while MASTER: there was (or is) a second master (garp_lower_prio_repeat). */
    LOWER_PRIORITY_ADVERT,
    /** The second burst, garp_lower_prio_delay after a lower-priority advert. */
    LOWER_PRIORITY_DELAY,
    /** The master's timer fired more than one advert interval late: clients may have followed a peer meanwhile. */
    STALL,
    /**
     * Another host announced one of our addresses while we are MASTER (a peer that was master for a moment and
     * whose adverts we never heard, e.g. all lost): clients may have followed it.
     */
    FOREIGN_CLAIM
}
