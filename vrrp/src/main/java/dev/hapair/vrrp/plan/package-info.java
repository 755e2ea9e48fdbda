/**
 * {@code hapair-vrrp plan}: generates the keepalived.conf of every node of an N-way active-active layout
 * ({@link dev.hapair.vrrp.plan.ActiveActivePlan}: node i owns VIP i, priorities fall by ring distance), each
 * file checked by hapair's own parser before it is written.
 */
package dev.hapair.vrrp.plan;
