package dev.hapair.vrrp.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One case per message of the parser and resolver: the exact {@code file:line: text} an operator reads, and
 * nothing else (no cascade of follow-up errors). Files are named keepalived.conf so the text is stable.
 */
class DiagnosticsTest {
    private static final String F = "keepalived.conf:";

    /** A valid instance whose body continues at line 7. */
    private static String instance(String body) {
        return "vrrp_instance VI_1 {\n"
                + "  interface eth0\n"
                + "  virtual_router_id 51\n"
                + "  virtual_ipaddress {\n"
                + "    10.213.0.10\n"
                + "  }\n"
                + body
                + "}\n";
    }

    private static final String CHK = "vrrp_script chk {\n  script /bin/true\n}\n";

    private static Arguments c(String name, String text, String... expected) {
        return Arguments.of(name, text, List.of(expected));
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                // keyword tables
                c(
                        "unknown keyword with suggestion",
                        instance("  virtual_routr_id 52\n"),
                        F
                                + "7: unknown keyword 'virtual_routr_id' in vrrp_instance VI_1 (did you mean 'virtual_router_id'?)"),
                c(
                        "unknown keyword without suggestion",
                        instance("  frobnicate\n"),
                        F + "7: unknown keyword 'frobnicate' in vrrp_instance VI_1"),
                c(
                        "unknown top-level section",
                        instance("") + "vrrp_instanse VI_2 {\n}\n",
                        F + "8: unknown keyword 'vrrp_instanse' in top level (did you mean 'vrrp_instance'?)"),
                c(
                        "known keyword not implemented",
                        instance("  use_vmac\n"),
                        F + "7: 'use_vmac' is not supported by hapair-vrrp (in vrrp_instance VI_1)"),
                c(
                        "auth_hmac key shorter than 32 bytes",
                        instance("  auth_hmac {\n    key 1 hex:00\n    active_key 1\n  }\n"),
                        F + "8: key 1 in auth_hmac of vrrp_instance VI_1 is 1 bytes: it must be 32 to 64"),
                c(
                        "auth_hmac key with odd hex digits",
                        instance("  auth_hmac {\n    key 1 hex:000\n    active_key 1\n  }\n"),
                        F + "8: key 1 in auth_hmac of vrrp_instance VI_1: hex: key value has an odd number of digits"),
                c(
                        "auth_hmac without active_key",
                        instance(
                                "  auth_hmac {\n    key 1 hex:000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f\n  }\n"),
                        F
                                + "7: auth_hmac of vrrp_instance VI_1 has no active_key (the key id adverts are signed with)"),
                c(
                        "auth_hmac active_key not defined",
                        instance(
                                "  auth_hmac {\n    key 1 hex:000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f\n    active_key 2\n  }\n"),
                        F + "7: auth_hmac of vrrp_instance VI_1: active_key 2 is not a defined key (keys: [1])"),
                c(
                        "auth_hmac duplicate key id",
                        instance(
                                "  auth_hmac {\n    key 1 hex:000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f\n    key 1 hex:000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f\n    active_key 1\n  }\n"),
                        F + "9: duplicate key id 1 in auth_hmac of vrrp_instance VI_1"),
                c(
                        "auth_hmac key id out of range",
                        instance(
                                "  auth_hmac {\n    key 0 hex:000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f\n    active_key 1\n  }\n"),
                        F + "8: key id 0 out of range 1..255 in auth_hmac of vrrp_instance VI_1"),
                c(
                        "auth_hmac bad mode",
                        instance(
                                "  auth_hmac {\n    key 1 hex:000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f\n    active_key 1\n    mode strict\n  }\n"),
                        F + "10: invalid mode 'strict' in auth_hmac of vrrp_instance VI_1 (expected enforce,"
                                + " permissive or receive-only)"),
                c(
                        "auth_hmac bad anti_replay",
                        instance(
                                "  auth_hmac {\n    key 1 hex:000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f\n    active_key 1\n    anti_replay never\n  }\n"),
                        F + "10: invalid anti_replay 'never' in auth_hmac of vrrp_instance VI_1 (expected time or"
                                + " monotonic)"),
                c(
                        "auth_hmac time_window out of range",
                        instance(
                                "  auth_hmac {\n    key 1 hex:000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f\n    active_key 1\n    time_window 301\n  }\n"),
                        F + "10: time_window 301 out of range 1..300 in auth_hmac of vrrp_instance VI_1"),
                c(
                        "auth_hmac unknown keyword",
                        instance(
                                "  auth_hmac {\n    key 1 hex:000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f\n    active_key 1\n    keys 2\n  }\n"),
                        F + "10: unknown keyword 'keys' in auth_hmac of vrrp_instance VI_1 (did you mean 'key'?)"),
                c(
                        "auth_hmac key file missing",
                        instance("  auth_hmac {\n    key 1 file:/nonexistent-hapair/k\n    active_key 1\n  }\n"),
                        F + "8: key 1 in auth_hmac of vrrp_instance VI_1: key file '/nonexistent-hapair/k' cannot be"
                                + " read: /nonexistent-hapair/k"),
                c(
                        "auth_hmac with legacy authentication",
                        instance(
                                "  authentication {\n    auth_type PASS\n    auth_pass secret\n  }\n"
                                        + "  auth_hmac {\n    key 1 hex:000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f\n    active_key 1\n  }\n"),
                        F + "7: 'authentication' cannot be combined with 'auth_hmac' (in vrrp_instance VI_1)"),
                c(
                        "email keyword is not supported",
                        "global_defs {\n  notification_email {\n    ops@example.com\n  }\n}\n" + instance(""),
                        F + "2: 'notification_email' is not supported by hapair-vrrp (in global_defs):"
                                + " hapair sends no email; use notify scripts"),
                c(
                        "unknown keyword in global_defs",
                        "global_defs {\n  router_idd lb1\n}\n" + instance(""),
                        F + "2: unknown keyword 'router_idd' in global_defs (did you mean 'router_id'?)"),
                // argument readers
                c(
                        "VRID out of range",
                        instance("  virtual_router_id 256\n"),
                        F + "7: virtual_router_id 256 out of range 1..255 in vrrp_instance VI_1"),
                c(
                        "priority out of range",
                        instance("  priority 0\n"),
                        F + "7: priority 0 out of range 1..255 in vrrp_instance VI_1"),
                c(
                        "priority above 255",
                        instance("  priority 256\n"),
                        F + "7: priority 256 out of range 1..255 in vrrp_instance VI_1"),
                c(
                        "invalid number",
                        instance("  priority high\n"),
                        F + "7: invalid number 'high' for 'priority' in vrrp_instance VI_1"),
                c(
                        "missing value",
                        instance("  priority\n"),
                        F + "7: missing value for 'priority' in vrrp_instance VI_1"),
                c(
                        "extra words",
                        instance("  priority 100 200\n"),
                        F + "7: extra words after 'priority 100' in vrrp_instance VI_1: 200"),
                c(
                        "block where none belongs",
                        instance("  priority 100 {\n  }\n"),
                        F + "7: 'priority' in vrrp_instance VI_1 takes no { ... } block"),
                c(
                        "block missing",
                        instance("  unicast_peer 10.213.0.2\n"),
                        F + "7: 'unicast_peer' in vrrp_instance VI_1 needs a { ... } block"),
                c(
                        "bad flag value",
                        instance("  nopreempt maybe\n"),
                        F + "7: invalid value 'maybe' for 'nopreempt' in vrrp_instance VI_1"
                                + " (expected nothing, or on|off|true|false|yes|no)"),
                c(
                        "invalid time",
                        instance("  preempt_delay soon\n"),
                        F
                                + "7: invalid time 'soon' for 'preempt_delay' in vrrp_instance VI_1 (seconds, e.g. 1 or 0.5)"),
                c(
                        "time out of range",
                        instance("  preempt_delay 1001\n"),
                        F + "7: preempt_delay 1001 out of range 0..1000 in vrrp_instance VI_1"),
                c(
                        "invalid state",
                        instance("  state master\n"),
                        F + "7: invalid state 'master' in vrrp_instance VI_1 (expected MASTER or BACKUP)"),
                c(
                        "invalid advert_int",
                        instance("  advert_int fast\n"),
                        F + "7: invalid time 'fast' for 'advert_int' in vrrp_instance VI_1 (seconds, e.g. 1 or 0.5)"),
                c(
                        "invalid auth_type",
                        instance("  authentication {\n    auth_type MD5\n    auth_pass x\n  }\n"),
                        F + "8: invalid auth_type 'MD5' in authentication of vrrp_instance VI_1 (expected PASS or AH)"),
                c(
                        "unknown keyword in authentication",
                        instance("  authentication {\n    auth_typ PASS\n  }\n"),
                        F
                                + "8: unknown keyword 'auth_typ' in authentication of vrrp_instance VI_1 (did you mean 'auth_type'?)"),
                c(
                        "invalid unicast_src_ip",
                        instance("  unicast_src_ip 10.0.0.300\n"),
                        F + "7: invalid IP address '10.0.0.300' for 'unicast_src_ip' in vrrp_instance VI_1"),
                c(
                        "host name in unicast_peer",
                        instance("  unicast_peer {\n    peer.example\n  }\n"),
                        F + "8: invalid IP address 'peer.example' in unicast_peer of vrrp_instance VI_1"),
                c(
                        "unicast_peer options",
                        instance("  unicast_peer {\n    10.213.0.2 min_ttl 1\n  }\n"),
                        F + "8: 'min_ttl' is not supported by hapair-vrrp (option of unicast_peer 10.213.0.2 in"
                                + " vrrp_instance VI_1)"),
                c(
                        "global vrrp_version",
                        "global_defs {\n  vrrp_version 4\n}\n" + instance(""),
                        F + "2: vrrp_version 4 out of range 2..3 in global_defs"),
                c(
                        "script_user syntax",
                        "global_defs {\n  script_user\n}\n" + instance(""),
                        F + "2: 'script_user' in global_defs takes USERNAME [GROUPNAME]"),
                // track lines
                c(
                        "words after track block",
                        instance("  track_script chk {\n  }\n") + CHK,
                        F + "7: unexpected words after 'track_script' in vrrp_instance VI_1: chk"),
                c(
                        "track weight without value",
                        instance("  track_script {\n    chk weight\n  }\n") + CHK,
                        F + "8: missing value for 'weight' of 'chk' in track_script of vrrp_instance VI_1"),
                c(
                        "track option misspelt",
                        instance("  track_script {\n    chk wieght 2\n  }\n") + CHK,
                        F
                                + "8: unknown option 'wieght' for 'chk' in track_script of vrrp_instance VI_1 (did you mean 'weight'?)"),
                c(
                        "track weight out of range",
                        instance("  track_script {\n    chk weight 300\n  }\n") + CHK,
                        F + "8: weight 300 out of range -253..253 in track_script of vrrp_instance VI_1"),
                c(
                        "track_process weight out of range",
                        instance("  track_process {\n    p weight -255\n  }\n")
                                + "vrrp_track_process p {\n  process haproxy\n}\n",
                        F + "8: weight -255 out of range -254..254 in track_process of vrrp_instance VI_1"),
                // notify
                c(
                        "notify without script",
                        instance("  notify_master\n"),
                        F + "7: missing script for 'notify_master' in vrrp_instance VI_1"),
                c(
                        "notify with too many words",
                        instance("  notify_master /bin/a.sh user group extra\n"),
                        F + "7: 'notify_master' in vrrp_instance VI_1 takes SCRIPT [username [groupname]]:"
                                + " quote a script that has arguments"),
                // virtual addresses
                c(
                        "invalid VIP",
                        instance("  virtual_ipaddress {\n    10.0.0.256\n  }\n"),
                        F + "8: invalid IP address '10.0.0.256' in virtual_ipaddress of vrrp_instance VI_1"),
                c(
                        "host name as VIP",
                        instance("  virtual_ipaddress {\n    vip.example.com\n  }\n"),
                        F + "8: invalid IP address 'vip.example.com' in virtual_ipaddress of vrrp_instance VI_1"),
                c(
                        "prefix too long",
                        instance("  virtual_ipaddress {\n    10.0.0.1/33\n  }\n"),
                        F + "8: prefix length 33 out of range 0..32 in virtual_ipaddress of vrrp_instance VI_1"),
                c(
                        "VIP flag not implemented",
                        instance("  virtual_ipaddress {\n    10.0.0.1/24 no_track\n  }\n"),
                        F + "8: 'no_track' is not supported by hapair-vrrp (option of virtual address 10.0.0.1/24 in"
                                + " virtual_ipaddress of vrrp_instance VI_1)"),
                c(
                        "VIP option with value not implemented",
                        instance("  virtual_ipaddress {\n    10.0.0.1/24 preferred_lft forever\n  }\n"),
                        F
                                + "8: 'preferred_lft' is not supported by hapair-vrrp (option of virtual address 10.0.0.1/24 in"
                                + " virtual_ipaddress of vrrp_instance VI_1)"),
                c(
                        "VIP option misspelt",
                        instance("  virtual_ipaddress {\n    10.0.0.1/24 lable eth0:1\n  }\n"),
                        F + "8: unknown option 'lable' for virtual address 10.0.0.1/24 in virtual_ipaddress"
                                + " of vrrp_instance VI_1 (did you mean 'label'?)"),
                c(
                        "VIP option without value",
                        instance("  virtual_ipaddress {\n    10.0.0.1/24 dev\n  }\n"),
                        F + "8: missing value for 'dev' of virtual address 10.0.0.1/24 in virtual_ipaddress"
                                + " of vrrp_instance VI_1"),
                c(
                        "VIP scope invalid",
                        instance("  virtual_ipaddress {\n    10.0.0.1/24 scope universe\n  }\n"),
                        F + "8: invalid scope 'universe' for virtual address 10.0.0.1/24 in virtual_ipaddress"
                                + " of vrrp_instance VI_1 (expected global, site, link, host or nowhere)"),
                c(
                        "VIP broadcast invalid",
                        instance("  virtual_ipaddress {\n    10.0.0.1/24 brd x\n  }\n"),
                        F + "8: invalid broadcast address 'x' for virtual address 10.0.0.1/24 in virtual_ipaddress"
                                + " of vrrp_instance VI_1"),
                // sections
                c(
                        "section without name",
                        instance("") + "vrrp_script {\n}\n",
                        F + "8: 'vrrp_script' needs a name, e.g. 'vrrp_script NAME { ... }'"),
                c(
                        "section without block",
                        instance("") + "vrrp_script chk\n",
                        F + "8: 'vrrp_script' in top level needs a { ... } block"),
                c(
                        "words after section name",
                        instance("") + "vrrp_script chk extra {\n  script /bin/true\n}\n",
                        F + "8: unexpected words after 'vrrp_script chk': extra"),
                c(
                        "vrrp_script weight syntax",
                        instance("") + "vrrp_script chk {\n  script /bin/true\n  weight 2 up\n}\n",
                        F + "10: 'weight' in vrrp_script chk takes <-253..253> [reverse]"),
                c(
                        "vrrp_script user syntax",
                        instance("") + "vrrp_script chk {\n  script /bin/true\n  user\n}\n",
                        F + "10: 'user' in vrrp_script chk takes USERNAME [GROUPNAME]"),
                c(
                        "vrrp_script script empty",
                        instance("") + "vrrp_script chk {\n  script\n}\n",
                        F + "9: missing value for 'script' in vrrp_script chk"),
                c(
                        "vrrp_script without script",
                        instance("") + "vrrp_script chk {\n  interval 2\n}\n",
                        F + "8: vrrp_script chk has no 'script'"),
                c(
                        "vrrp_script unknown keyword",
                        instance("") + "vrrp_script chk {\n  script /bin/true\n  intervall 2\n}\n",
                        F + "10: unknown keyword 'intervall' in vrrp_script chk (did you mean 'interval'?)"),
                c(
                        "track process without process",
                        instance("") + "vrrp_track_process p {\n  process\n}\n",
                        F + "9: missing value for 'process' in vrrp_track_process p"),
                c(
                        "param_match invalid",
                        instance("") + "vrrp_track_process p {\n  process haproxy\n  param_match full\n}\n",
                        F
                                + "10: invalid value 'full' for 'param_match' in vrrp_track_process p (expected initial or partial)"),
                c(
                        "track process weight syntax",
                        instance("") + "vrrp_track_process p {\n  process haproxy\n  weight x y\n}\n",
                        F + "10: 'weight' in vrrp_track_process p takes <-254..254> [reverse]"),
                c(
                        "track process with nothing to track",
                        instance("") + "vrrp_track_process p {\n  quorum 2\n}\n",
                        F + "8: vrrp_track_process p has neither 'process' nor 'pidfile'"),
                c(
                        "quorum_max below quorum",
                        instance("") + "vrrp_track_process p {\n  process haproxy\n  quorum 2\n  quorum_max 1\n}\n",
                        F + "8: vrrp_track_process p has quorum_max 1 below quorum 2"),
                // resolver: names and references
                c(
                        "duplicate instance",
                        instance("") + instance(""),
                        F + "8: duplicate vrrp_instance VI_1 (first defined at keepalived.conf:1)"),
                c(
                        "duplicate vrrp_script",
                        instance("") + CHK + CHK,
                        F + "11: duplicate vrrp_script chk (first defined at keepalived.conf:8)"),
                c(
                        "track_script naming no vrrp_script",
                        instance("  track_script {\n    chk_haproxi\n  }\n")
                                + "vrrp_script chk_haproxy {\n  script /bin/true\n}\n",
                        F + "8: track_script 'chk_haproxi' in vrrp_instance VI_1 names no vrrp_script"
                                + " (did you mean 'chk_haproxy'?)"),
                c(
                        "track_process naming no vrrp_track_process",
                        instance("  track_process {\n    haproxy\n  }\n"),
                        F + "8: track_process 'haproxy' in vrrp_instance VI_1 names no vrrp_track_process"),
                c(
                        "sync group naming no instance",
                        instance("") + "vrrp_sync_group G {\n  group {\n    VI_1\n    VI_2\n  }\n}\n",
                        F + "11: vrrp_sync_group G names no vrrp_instance 'VI_2' (did you mean 'VI_1'?)"),
                c(
                        "instance in two sync groups",
                        instance("")
                                + "vrrp_sync_group G {\n  group {\n    VI_1\n  }\n}\n"
                                + "vrrp_sync_group H {\n  group {\n    VI_1\n  }\n}\n",
                        F + "8: warning: vrrp_sync_group G has only one instance, so it synchronises nothing",
                        F + "13: warning: vrrp_sync_group H has only one instance, so it synchronises nothing",
                        F
                                + "15: vrrp_instance VI_1 is already in vrrp_sync_group G; an instance belongs to one sync group"),
                c(
                        "sync group without group block",
                        instance("") + "vrrp_sync_group G {\n  notify /bin/n.sh\n}\n",
                        F + "8: vrrp_sync_group G has no 'group { ... }' of instances"),
                c(
                        "sync group member with a block",
                        instance("") + "vrrp_sync_group G {\n  group {\n    VI_1 {\n    }\n  }\n}\n",
                        F + "8: warning: vrrp_sync_group G has only one instance, so it synchronises nothing",
                        F + "10: 'VI_1' in group of vrrp_sync_group G takes no { ... } block"),
                c(
                        "duplicate sync group",
                        instance("") + instance("").replace("VI_1", "VI_2").replace("51", "52")
                                + "vrrp_sync_group G {\n  group {\n    VI_1\n  }\n}\n"
                                + "vrrp_sync_group G {\n  group {\n    VI_2\n  }\n}\n",
                        F + "15: warning: vrrp_sync_group G has only one instance, so it synchronises nothing",
                        F + "20: duplicate vrrp_sync_group G (first defined at keepalived.conf:15)"),
                // resolver: instance checks
                c(
                        "no interface",
                        "vrrp_instance VI_1 {\n  virtual_router_id 51\n  virtual_ipaddress {\n    10.0.0.1\n  }\n}\n",
                        F + "1: vrrp_instance VI_1 has no 'interface'"),
                c(
                        "no virtual_router_id",
                        "vrrp_instance VI_1 {\n  interface eth0\n  virtual_ipaddress {\n    10.0.0.1\n  }\n}\n",
                        F + "1: vrrp_instance VI_1 has no 'virtual_router_id' (1..255)"),
                c(
                        "nopreempt with state MASTER",
                        instance("  state MASTER\n  nopreempt\n"),
                        F + "8: nopreempt in vrrp_instance VI_1 needs 'state BACKUP' (state is MASTER):"
                                + " keepalived ignores nopreempt when an instance starts as MASTER"),
                c(
                        "mixed address families",
                        "vrrp_instance VI_1 {\n  interface eth0\n  virtual_router_id 51\n"
                                + "  virtual_ipaddress {\n    10.0.0.1\n    fd00::1\n  }\n}\n",
                        F + "1: vrrp_instance VI_1 mixes IPv4 and IPv6 in virtual_ipaddress"
                                + " (put the other family in virtual_ipaddress_excluded)",
                        F + "1: warning: (VI_1) the first IPv6 VIP address should be link local"),
                c(
                        "IPv6 VIPs with version 2: VRRPv3 over IPv6, and keepalived's link-local warning",
                        "vrrp_instance VI_1 {\n  interface eth0\n  virtual_router_id 51\n  version 2\n"
                                + "  virtual_ipaddress {\n    fd00::1/64\n  }\n}\n",
                        F + "1: warning: (VI_1) the first IPv6 VIP address should be link local",
                        F + "1: warning: vrrp_instance VI_1 has IPv6 addresses: VRRPv3 is used (VRRPv2 is IPv4 only)"),
                c(
                        "IPv6 instance with unicast_src_ip",
                        "vrrp_instance VI_1 {\n  interface eth0\n  virtual_router_id 51\n"
                                + "  unicast_src_ip fe80::1\n  virtual_ipaddress {\n    fe80::100/64\n  }\n}\n",
                        F + "1: warning: vrrp_instance VI_1 has unicast_src_ip but no unicast_peer: adverts are"
                                + " multicast",
                        F + "4: 'unicast_src_ip' is not supported by hapair-vrrp for an IPv6 instance (in vrrp_instance"
                                + " VI_1): adverts go to ff02::12 from the interface's link-local address"),
                c(
                        "IPv6 instance with IPv4 unicast peers",
                        "vrrp_instance VI_1 {\n  interface eth0\n  virtual_router_id 51\n"
                                + "  unicast_peer {\n    10.0.0.2\n  }\n  virtual_ipaddress {\n    fe80::100/64\n"
                                + "  }\n}\n",
                        F + "4: vrrp_instance VI_1 has IPv6 virtual_ipaddress and IPv4 'unicast_peer': the families"
                                + " must match (and unicast over IPv6 is not supported by hapair-vrrp)"),
                c(
                        "label on an IPv6 VIP",
                        "vrrp_instance VI_1 {\n  interface eth0\n  virtual_router_id 51\n"
                                + "  virtual_ipaddress {\n    fe80::100/64 label eth0:v6\n  }\n}\n",
                        F + "5: 'label', 'brd' and 'scope' are not supported by hapair-vrrp on the IPv6 address"
                                + " fe80:0:0:0:0:0:0:100 (in vrrp_instance VI_1)"),
                c(
                        "auth_type AH is not implemented",
                        instance("  authentication {\n    auth_type AH\n    auth_pass x\n  }\n"),
                        F
                                + "7: 'auth_type AH' is not supported by hapair-vrrp (in authentication of vrrp_instance VI_1)"),
                c(
                        "no virtual address",
                        "vrrp_instance VI_1 {\n  interface eth0\n  virtual_router_id 51\n}\n",
                        F + "1: warning: vrrp_instance VI_1 has no virtual_ipaddress"),
                c(
                        "unicast_src_ip without peers",
                        instance("  unicast_src_ip 10.213.0.1\n"),
                        F
                                + "1: warning: vrrp_instance VI_1 has unicast_src_ip but no unicast_peer: adverts are multicast"),
                c(
                        "sub-second advert_int with VRRPv2",
                        instance("  advert_int 0.5\n"),
                        F + "7: advert_int 0.5 out of range 1..255 for VRRPv2 in vrrp_instance VI_1"
                                + " (use 'version 3' for intervals below one second)"),
                c(
                        "fractional advert_int with VRRPv2",
                        instance("  advert_int 1.4\n"),
                        F
                                + "7: warning: advert_int 1.4 in vrrp_instance VI_1 is rounded to 1 s: VRRPv2 adverts carry whole seconds"),
                c(
                        "advert_int too long for VRRPv3",
                        instance("  version 3\n  advert_int 41\n"),
                        F + "8: advert_int 41 out of range 0.01..40.95 for VRRPv3 in vrrp_instance VI_1"),
                c(
                        "advert_int finer than centiseconds",
                        instance("  version 3\n  advert_int 0.125\n"),
                        F + "8: warning: advert_int 0.125 in vrrp_instance VI_1 is rounded to 0.13 s:"
                                + " VRRPv3 adverts carry centiseconds"),
                c(
                        "authentication without auth_pass",
                        instance("  authentication {\n    auth_type PASS\n  }\n"),
                        F + "7: authentication of vrrp_instance VI_1 has no auth_pass"),
                c(
                        "auth_pass longer than 8",
                        instance("  authentication {\n    auth_type PASS\n    auth_pass 123456789\n  }\n"),
                        F + "9: warning: auth_pass in authentication of vrrp_instance VI_1 is longer than 8 characters:"
                                + " only the first 8 are used, as keepalived does"),
                c(
                        "authentication with VRRPv3",
                        instance("  version 3\n  authentication {\n    auth_type PASS\n    auth_pass 1111\n  }\n"),
                        F
                                + "8: warning: authentication of vrrp_instance VI_1 is ignored with VRRPv3 (RFC 5798 has no authentication)"),
                c(
                        "one VRID twice on one interface",
                        instance("") + instance("").replace("VI_1", "VI_2"),
                        F + "10: vrrp_instance VI_2 uses virtual_router_id 51 on interface eth0, already used by"
                                + " vrrp_instance VI_1 at keepalived.conf:1"),
                c(
                        "positive weight with nopreempt",
                        instance("  nopreempt\n  track_script {\n    chk\n  }\n")
                                + "vrrp_script chk {\n  script /bin/true\n  weight 2\n}\n",
                        F + "9: warning: track_script 'chk' with weight 2 in vrrp_instance VI_1 cannot cause a failover"
                                + " with nopreempt: a failure only changes the master's priority and nopreempt stops the"
                                + " backup from taking over; use weight 0 (failure = FAULT) or remove nopreempt"),
                c(
                        "negative interface weight with nopreempt",
                        instance("  nopreempt\n  track_interface {\n    eth1 weight -20\n  }\n"),
                        F + "9: warning: track_interface 'eth1' with weight -20 in vrrp_instance VI_1 cannot cause a"
                                + " failover with nopreempt: a failure only changes the master's priority and nopreempt"
                                + " stops the backup from taking over; use weight 0 (failure = FAULT) or remove nopreempt"),
                c(
                        "weights zeroed in a sync group",
                        instance("  track_script {\n    chk weight 5\n  }\n")
                                + instance("").replace("VI_1", "VI_2").replace("51", "52") + CHK
                                + "vrrp_sync_group G {\n  group {\n    VI_1 VI_2\n  }\n}\n",
                        F + "8: warning: weight 5 of track_script 'chk' in vrrp_instance VI_1 is set to 0 because the"
                                + " instance is in vrrp_sync_group G (as keepalived does): a failure means FAULT"),
                c(
                        "tracker listed twice",
                        instance("  track_script {\n    chk\n    chk weight 4\n  }\n") + CHK,
                        F
                                + "9: warning: track_script 'chk' in vrrp_instance VI_1 is already tracked at keepalived.conf:8:"
                                + " this line is ignored"),
                // lexer and braces
                c("unterminated quote", instance("  notify \"/bin/n.sh\n"), F + "7: unterminated quoted string"),
                c("brace without keyword", "{\n}\n" + instance(""), F + "1: unexpected '{' with no keyword before it"),
                c("unmatched closing brace", instance("") + "}\n", F + "8: unmatched '}'"),
                c(
                        "block never closed",
                        instance("").substring(0, instance("").length() - 2),
                        F + "1: block 'vrrp_instance VI_1' is never closed (missing '}')"),
                c("include without file", "include\n" + instance(""), F + "1: 'include' needs a file name or pattern"),
                c(
                        "include matching nothing",
                        "include /nonexistent-hapair/*.conf\n" + instance(""),
                        F + "1: warning: include '/nonexistent-hapair/*.conf' matched no file"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void reportsExactly(String name, String text, List<String> expected) {
        ConfigResult r = KeepalivedConfigParser.parse(text, "keepalived.conf");
        assertEquals(
                expected, r.diagnostics().stream().map(Diagnostic::toString).toList(), name);
        boolean expectError = expected.stream().anyMatch(e -> !e.contains(": warning: "));
        assertEquals(expectError, r.hasErrors(), name);
        assertEquals(expectError, r.config().isEmpty(), "a model exactly when there is no error: " + name);
    }

    @Test
    void authPassIsTruncatedToEightCharacters() {
        ConfigResult r = KeepalivedConfigParser.parse(
                instance("  authentication {\n    auth_type PASS\n    auth_pass 123456789abc\n  }\n"),
                "keepalived.conf");
        assertEquals(
                "12345678",
                r.config()
                        .orElseThrow()
                        .instances()
                        .get(0)
                        .authentication()
                        .orElseThrow()
                        .password());
    }

    @Test
    void oneVridOnTwoInterfacesOrDisjointUnicastIsAllowed() {
        String twoInterfaces =
                instance("") + instance("").replace("VI_1", "VI_2").replace("eth0", "eth1");
        assertFalse(KeepalivedConfigParser.parse(twoInterfaces, "k.conf").hasErrors());
        String disjointUnicast = instance("  unicast_peer {\n    10.213.0.2\n  }\n")
                + instance("  unicast_peer {\n    10.213.0.3\n  }\n").replace("VI_1", "VI_2");
        assertFalse(KeepalivedConfigParser.parse(disjointUnicast, "k.conf").hasErrors());
        String sharedPeer = instance("  unicast_peer {\n    10.213.0.2\n  }\n")
                + instance("  unicast_peer {\n    10.213.0.2\n  }\n").replace("VI_1", "VI_2");
        assertTrue(KeepalivedConfigParser.parse(sharedPeer, "k.conf").hasErrors());
    }

    @Test
    void missingFileIsAnErrorNotAnException() {
        ConfigResult r = KeepalivedConfigParser.parse(java.nio.file.Path.of("/nonexistent-hapair/keepalived.conf"));
        assertTrue(r.hasErrors());
        assertTrue(
                r.errors()
                        .get(0)
                        .toString()
                        .startsWith(
                                "/nonexistent-hapair/keepalived.conf:0: cannot read configuration file: NoSuchFileException"),
                r.errors().toString());
    }
}
