/** Health checks shared by hapair-proxy and hapair-vrrp. */
package dev.hapair.health;
