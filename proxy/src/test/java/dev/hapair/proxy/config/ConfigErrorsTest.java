package dev.hapair.proxy.config;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** One negative test per error message: each bad line yields an error naming file:line and the keyword. */
class ConfigErrorsTest {

    private static final String T = Cfg.TIMEOUTS; // lines 1-4

    static Stream<Arguments> cases() {
        return Stream.of(
                c(
                        "unknown proxy keyword, with suggestion",
                        T + "backend web\n  balanse roundrobin\n",
                        "t.cfg:6: unknown keyword 'balanse' in backend 'web' (did you mean 'balance'?)"),
                c(
                        "unknown global keyword",
                        "global\n  deamon\n",
                        "t.cfg:2: unknown keyword 'deamon' in global section (did you mean 'daemon'?)"),
                c(
                        "keyword out of section",
                        "  server s 1.2.3.4:80\n",
                        "t.cfg:1: unknown keyword 'server' out of section"),
                c(
                        "unknown keyword in defaults",
                        "defaults\n  retires 3\n",
                        "t.cfg:2: unknown keyword 'retires' in defaults section (did you mean 'retries'?)"),
                c(
                        "unknown option",
                        T + "frontend f\n  bind :80\n  option httplogg\n",
                        "t.cfg:7: unknown option 'httplogg' in frontend 'f' (did you mean 'httplog'?)"),
                c(
                        "unknown timeout",
                        "defaults\n  timeout conect 5s\n",
                        "t.cfg:2: unknown keyword 'timeout conect' in defaults section (did you mean 'connect'?)"),
                c(
                        "timeout without value",
                        "defaults\n  timeout connect\n",
                        "t.cfg:2: 'timeout connect' expects exactly one time value"),
                c(
                        "bad time unit",
                        "defaults\n  timeout connect 5x\n",
                        "t.cfg:2: unexpected character 'x' in time value '5x'"),
                c(
                        "unknown stats keyword",
                        T + "listen s\n  bind :80\n  stats urii /\n",
                        "t.cfg:7: unknown keyword 'stats urii' in listen 's' (did you mean 'uri'?)"),
                c(
                        "unknown server option",
                        T + "backend b\n  server s1 10.0.0.1:80 chek\n",
                        "t.cfg:6: unknown keyword 'chek' in server 's1' of backend 'b' (did you mean 'check'?)"),
                c(
                        "server option without value",
                        T + "backend b\n  server s1 10.0.0.1:80 check inter\n",
                        "t.cfg:6: 'inter' expects a value in server 's1' of backend 'b'"),
                c(
                        "bad server option value",
                        T + "backend b\n  server s1 10.0.0.1:80 rise many\n",
                        "t.cfg:6: 'rise' in server 's1' of backend 'b': option expects a non-negative integer, got 'many'"),
                c(
                        "weight out of range",
                        T + "backend b\n  server s1 10.0.0.1:80 weight 300\n",
                        "t.cfg:6: 'weight' in server 's1' of backend 'b': 'weight' must be between 0 and 256, got 300"),
                c(
                        "bad init-addr",
                        T + "backend b\n  server s1 h:80 init-addr libc,dns\n",
                        "t.cfg:6: 'init-addr' in server 's1' of backend 'b': 'init-addr' expects a list of"),
                c(
                        "unknown bind option",
                        T + "frontend f\n  bind :80 nmae x\n",
                        "t.cfg:6: unknown keyword 'nmae' in 'bind :80' of frontend 'f' (did you mean 'name'?)"),
                c("bind in defaults", "defaults\n  bind :80\n", "t.cfg:2: 'bind' not allowed in defaults section"),
                c("acl in defaults", "defaults\n  acl a path /\n", "t.cfg:2: 'acl' not allowed in defaults section"),
                c(
                        "server in frontend",
                        T + "frontend f\n  bind :80\n  server s 1.2.3.4:80\n",
                        "t.cfg:7: 'server' not allowed because frontend 'f' has no backend capability"),
                c(
                        "bind without port",
                        T + "frontend f\n  bind 127.0.0.1\n",
                        "t.cfg:6: missing port number in '127.0.0.1' (expected ADDR:PORT)"),
                c(
                        "bind with a bad port",
                        T + "frontend f\n  bind :99999\n",
                        "t.cfg:6: invalid port '99999' in ':99999'"),
                c("bind without address", T + "frontend f\n  bind\n", "t.cfg:6: 'bind' expects <addr:port>[,...]"),
                c(
                        "server without address",
                        T + "backend b\n  server s\n",
                        "t.cfg:6: 'server' expects <name> and <addr>[:<port>] as arguments"),
                c(
                        "server port offset",
                        T + "backend b\n  server s 1.2.3.4:+1\n",
                        "t.cfg:6: port offsets ('+1') are not supported by hapair in '1.2.3.4:+1'"),
                c("unmatched quote", "global\n  log \"127.0.0.1 local0\n", "t.cfg:2: unmatched quote at position 7"),
                c(
                        "acl used before declared",
                        T + "frontend f\n  bind :80\n  use_backend b if late\n" + "  acl late path /\nbackend b\n",
                        "t.cfg:7: no such ACL 'late' in frontend 'f' (acls must be declared before use)"),
                c(
                        "misspelled acl",
                        T + "frontend f\n  bind :80\n  acl is_api path_beg /api\n"
                                + "  use_backend b if is_apj\nbackend b\n",
                        "t.cfg:8: no such ACL 'is_apj' in frontend 'f' (acls must be declared before use)"
                                + " (did you mean 'is_api'?)"),
                c("acl without fetch", T + "frontend f\n  bind :80\n  acl a\n", "t.cfg:7: acl 'a' has no fetch method"),
                c(
                        "acl bad name",
                        T + "frontend f\n  bind :80\n  acl a/b path /\n",
                        "t.cfg:7: acl name 'a/b' contains invalid characters"),
                c(
                        "acl flag without value",
                        T + "frontend f\n  bind :80\n  acl a path -m\n",
                        "t.cfg:7: acl flag '-m' expects a value"),
                c(
                        "unclosed anonymous acl",
                        T + "frontend f\n  bind :80\n  use_backend b if { path /\nbackend b\n",
                        "t.cfg:7: missing closing '}' in condition"),
                c(
                        "or without left side",
                        T + "frontend f\n  bind :80\n  use_backend b if or TRUE\nbackend b\n",
                        "t.cfg:7: 'or' without a condition before it"),
                c(
                        "use_backend to nowhere",
                        T + "frontend f\n  bind :80\n  use_backend nope if TRUE\n",
                        "t.cfg:7: use_backend 'nope' of frontend 'f': no such backend"),
                c(
                        "default_backend typo",
                        T + "frontend f\n  bind :80\n  default_backend web\nbackend webs\n",
                        "t.cfg:7: default_backend 'web' of frontend 'f': no such backend (did you mean 'webs'?)"),
                c(
                        "default_backend is a frontend",
                        T + "frontend f\n  bind :80\n  default_backend g\n" + "frontend g\n  bind :81\n",
                        "t.cfg:7: default_backend 'g' of frontend 'f': no such backend"),
                c(
                        "http frontend to tcp backend",
                        T + "frontend f\n  mode http\n  bind :80\n  default_backend b\n" + "backend b\n  mode tcp\n",
                        "t.cfg:8: http frontend 'f' tries to use incompatible tcp backend 'b' (t.cfg:9)"),
                c(
                        "duplicate frontend",
                        T + "frontend f\n  bind :80\nfrontend f\n  bind :81\n",
                        "t.cfg:7: frontend 'f' has the same name as frontend 'f' declared at t.cfg:5"),
                c(
                        "listen clashes with backend",
                        T + "backend x\nlisten x\n  bind :80\n",
                        "t.cfg:6: listen 'x' has the same name as backend 'x' declared at t.cfg:5"),
                c(
                        "duplicate server",
                        T + "backend b\n  server s1 10.0.0.1:80\n  server s1 10.0.0.2:80\n",
                        "t.cfg:7: backend 'b', another server named 's1' was already defined at line 6,"
                                + " please use distinct names"),
                c(
                        "checked server without any port",
                        T + "backend b\n  server s1 10.0.0.1 check\n",
                        "t.cfg:6: backend 'b': server 's1' has neither service port nor check port"),
                c(
                        "force-persist without a condition",
                        T + "backend b\n  force-persist\n",
                        "t.cfg:6: 'force-persist' expects 'if' or 'unless' followed by a condition but found ''"),
                c(
                        "nbsrv of unknown backend",
                        T + "frontend f\n  bind :80\n  acl low nbsrv(zz) lt 1\n",
                        "t.cfg:7: unable to find backend 'zz' referenced in arg 1 of ACL keyword 'nbsrv' in frontend 'f'"),
                c(
                        "nbsrv in anonymous acl",
                        T + "frontend f\n  bind :80\n  use_backend b if { nbsrv(bb) lt 1 }\n" + "backend b\n",
                        "t.cfg:7: unable to find backend 'bb' referenced in arg 1 of ACL keyword 'nbsrv' in"
                                + " frontend 'f' (did you mean 'b'?)"),
                c(
                        "srv_is_up of unknown server",
                        T + "frontend f\n  bind :80\n  acl up srv_is_up(b/s9)\n"
                                + "backend b\n  server s1 1.2.3.4:80\n",
                        "t.cfg:7: unable to find server 's9' in backend 'b' referenced by ACL keyword 'srv_is_up'"),
                c(
                        "nbsrv without arg in a frontend",
                        T + "frontend f\n  bind :80\n  acl low nbsrv lt 1\n",
                        "t.cfg:7: fetch 'nbsrv' without a backend argument needs a backend"),
                c(
                        "bad mode",
                        T + "frontend f\n  mode htpp\n",
                        "t.cfg:6: unknown proxy mode 'htpp' (expected 'tcp'" + " or 'http') (did you mean 'http'?)"),
                c("mode health", T + "frontend f\n  mode health\n", "t.cfg:6: 'mode health' doesn't exist anymore"),
                c(
                        "unknown balance algorithm",
                        T + "backend b\n  balance leastcon\n",
                        "t.cfg:6: unknown balance algorithm 'leastcon' (did you mean 'leastconn'?)"),
                c(
                        "balance hdr without name",
                        T + "backend b\n  balance hdr\n",
                        "t.cfg:6: 'balance hdr' requires a header name"),
                c(
                        "balance url_param without name",
                        T + "backend b\n  balance url_param\n",
                        "t.cfg:6: 'balance url_param' requires a parameter name"),
                c(
                        "bad hash-type",
                        T + "backend b\n  hash-type consistant\n",
                        "t.cfg:6: 'hash-type' expects 'map-based' or 'consistent', got 'consistant'"
                                + " (did you mean 'consistent'?)"),
                c(
                        "cookie without name",
                        T + "backend b\n  cookie\n",
                        "t.cfg:6: 'cookie' expects <cookie_name> as argument"),
                c(
                        "unknown cookie option",
                        T + "backend b\n  cookie SRV insert indirekt\n",
                        "t.cfg:6: unknown 'cookie' option 'indirekt' (did you mean 'indirect'?)"),
                c(
                        "stats auth without password",
                        T + "listen s\n  bind :80\n  stats auth admin\n",
                        "t.cfg:7: 'stats auth' expects <user>:<password>, got 'admin'"),
                c(
                        "stats admin without condition",
                        T + "listen s\n  bind :80\n  stats admin\n",
                        "t.cfg:7: 'stats admin' requires either 'if' or 'unless' followed by a condition"),
                c(
                        "unknown http-request action",
                        T + "frontend f\n  bind :80\n  http-request dney\n",
                        "t.cfg:7: unknown 'http-request' action 'dney' in frontend 'f' (did you mean 'deny'?)"),
                c(
                        "bad http-check expect",
                        T + "backend b\n  http-check expect stat 200\n",
                        "t.cfg:6: 'http-check expect' only supports 'status', 'rstatus', 'string' and 'rstring'"),
                c(
                        "bad http-check status",
                        T + "backend b\n  http-check expect status ok\n",
                        "t.cfg:6: 'http-check expect status' expects a status code, range or list, got 'ok'"),
                c(
                        "option httpchk too many args",
                        T + "backend b\n  option httpchk GET / HTTP/1.1 extra\n",
                        "t.cfg:6: 'option httpchk' expects [<method> <uri> [<version>]], got 4 arguments"),
                c(
                        "bad forwardfor arg",
                        T + "frontend f\n  bind :80\n  option forwardfor exept 10.0.0.0/8\n",
                        "t.cfg:7: 'option forwardfor' only supports optional values 'except', 'header' and"
                                + " 'if-none', got 'exept' (did you mean 'except'?)"),
                c(
                        "no with unknown",
                        T + "frontend f\n  bind :80\n  no balance\n",
                        "t.cfg:7: 'no' only supports 'option' and 'log', got 'balance'"),
                c(
                        "unknown log facility",
                        "global\n  log 127.0.0.1 local9\n",
                        "t.cfg:2: unknown log facility 'local9' (did you mean 'local0'?)"),
                c(
                        "unknown log level",
                        "global\n  log 127.0.0.1 local0 inof\n",
                        "t.cfg:2: unknown log level 'inof' (did you mean 'info'?)"),
                c(
                        "log without facility",
                        "global\n  log 127.0.0.1\n",
                        "t.cfg:2: 'log' expects either <address[:port]> and <facility> or 'global'"),
                c(
                        "bad stats socket level",
                        "global\n  stats socket /run/s.sock level root\n",
                        "t.cfg:2: 'level' in 'stats socket /run/s.sock': only supports 'user', 'operator', and 'admin', got 'root'"),
                c(
                        "bad stats socket mode",
                        "global\n  stats socket /run/s.sock mode rw\n",
                        "t.cfg:2: 'mode' in 'stats socket /run/s.sock': expects an octal mode, got 'rw'"),
                c(
                        "unknown stats socket option",
                        "global\n  stats socket /run/s.sock levle admin\n",
                        "t.cfg:2: unknown keyword 'levle' in 'stats socket /run/s.sock' (did you mean 'level'?)"),
                c(
                        "bad expose-fd",
                        "global\n  stats socket /run/s.sock expose-fd all\n",
                        "t.cfg:2: 'expose-fd' in 'stats socket /run/s.sock': only supports 'listeners', got 'all'"),
                c(
                        "unknown global stats keyword",
                        "global\n  stats sokcet /run/s\n",
                        "t.cfg:2: unknown keyword 'stats sokcet' in global section (did you mean 'socket'?)"),
                c("nbthread zero", "global\n  nbthread 0\n", "t.cfg:2: 'nbthread' must be at least 1"),
                c(
                        "maxconn not a number",
                        "global\n  maxconn lots\n",
                        "t.cfg:2: 'maxconn' expects a non-negative integer, got 'lots'"),
                c(
                        "keyword with too many args",
                        "global\n  pidfile /a /b\n",
                        "t.cfg:2: 'pidfile' expects exactly one argument, got 2"),
                c("nbproc above one", "global\n  nbproc 2\n", "t.cfg:2: 'nbproc' is not supported"),
                c("proxy without name", T + "backend\n", "t.cfg:5: 'backend' expects <name> as an argument"),
                c(
                        "bad proxy name",
                        T + "backend a/b\n",
                        "t.cfg:5: character '/' is not permitted in backend name 'a/b'"),
                c(
                        "defaults from unknown",
                        "defaults base\n  mode http\nfrontend f from bsae\n  bind :80\n",
                        "t.cfg:3: defaults section 'bsae' not found (it must be declared before use)"
                                + " (did you mean 'base'?)"),
                c(
                        "unsupported address family",
                        T + "frontend f\n  bind sockpair@foo\n",
                        "t.cfg:6: address family 'sockpair@' is not supported by hapair in 'sockpair@foo'"));
    }

    private static Arguments c(String name, String config, String expected) {
        return Arguments.of(name, config, expected);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void errorNamesFileLineAndKeyword(String name, String config, String expected) {
        List<String> errors = Cfg.errors(config);
        assertTrue(
                errors.stream().anyMatch(e -> e.startsWith(expected)),
                () -> "expected an error starting with\n  " + expected + "\ngot\n  " + String.join("\n  ", errors));
    }
}
