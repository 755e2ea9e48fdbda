/** JSON string escaping (RFC 8259) for the proxy's stats and the VRRP daemon's state dump. */
package dev.hapair.common.json;
