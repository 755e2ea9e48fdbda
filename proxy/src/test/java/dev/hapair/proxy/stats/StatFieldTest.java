package dev.hapair.proxy.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class StatFieldTest {
    /** haproxy 2.6.12's `show stat` header (Debian's build: its own columns, `-`, then the ssl, h2, h1 modules). */
    static final String HAPROXY_HEADER =
            "# pxname,svname,qcur,qmax,scur,smax,slim,stot,bin,bout,dreq,dresp,ereq,econ,eresp,"
                    + "wretr,wredis,status,weight,act,bck,chkfail,chkdown,lastchg,downtime,qlimit,pid,iid,sid,throttle,lbtot,tracked,"
                    + "type,rate,rate_lim,rate_max,check_status,check_code,check_duration,hrsp_1xx,hrsp_2xx,hrsp_3xx,hrsp_4xx,hrsp_5xx,"
                    + "hrsp_other,hanafail,req_rate,req_rate_max,req_tot,cli_abrt,srv_abrt,comp_in,comp_out,comp_byp,comp_rsp,lastsess,"
                    + "last_chk,last_agt,qtime,ctime,rtime,ttime,agent_status,agent_code,agent_duration,check_desc,agent_desc,"
                    + "check_rise,check_fall,check_health,agent_rise,agent_fall,agent_health,addr,cookie,mode,algo,conn_rate,"
                    + "conn_rate_max,conn_tot,intercepted,dcon,dses,wrew,connect,reuse,cache_lookups,cache_hits,srv_icur,src_ilim,"
                    + "qtime_max,ctime_max,rtime_max,ttime_max,eint,idle_conn_cur,safe_conn_cur,used_conn_cur,need_conn_est,uweight,"
                    + "agg_server_status,agg_server_check_status,agg_check_status,-,ssl_sess,ssl_reused_sess,"
                    + "ssl_failed_handshake,h2_headers_rcvd,h2_data_rcvd,h2_settings_rcvd,h2_rst_stream_rcvd,h2_goaway_rcvd,"
                    + "h2_detected_conn_protocol_errors,h2_detected_strm_protocol_errors,h2_rst_stream_resp,h2_goaway_resp,"
                    + "h2_open_connections,h2_backend_open_streams,h2_total_connections,h2_backend_total_streams,"
                    + "h1_open_connections,h1_open_streams,h1_total_connections,h1_total_streams,h1_bytes_in,h1_bytes_out,"
                    + "h1_spliced_bytes_in,h1_spliced_bytes_out,";

    @Test
    void headerIsHaproxysColumnOrder() {
        assertEquals(HAPROXY_HEADER, StatField.csvHeader());
        assertEquals(0, StatField.PXNAME.ordinal());
        assertEquals(17, StatField.STATUS.ordinal()); // scripts use `cut -d, -f18` for the status
        assertEquals(36, StatField.CHECK_STATUS.ordinal());
        // typed/JSON positions skip the CSV's separator: the modules' fields are numbered from 103
        assertEquals(103, StatField.SEPARATOR.ordinal());
        assertEquals(102, StatField.AGG_CHECK_STATUS.position());
        assertEquals(103, StatField.SSL_SESS.position());
        assertEquals(125, StatField.H1_SPLICED_BYTES_IN.position());
    }

    @Test
    void metricNamesAreUniquePerScopeAndLabel() {
        Set<String> seen = new HashSet<>();
        for (StatField f : StatField.values()) {
            for (StatMetric m : f.metrics()) {
                for (StatScope s : m.scopes()) {
                    String key = m.fullName(s) + "|" + m.labelValue();
                    assertTrue(seen.add(key), "declared twice: " + key);
                    assertTrue(m.fullName(s).matches("haproxy_(frontend|backend|server)_[a-z0-9_]+"), key);
                }
            }
        }
        assertTrue(seen.contains("haproxy_server_status|null"));
        assertTrue(seen.contains("haproxy_backend_active_servers|null"));
        assertTrue(seen.contains("haproxy_frontend_current_sessions|null"));
        assertTrue(seen.contains("haproxy_backend_up|null"));
    }

    @Test
    void humanTimeAsOnHaproxysPage() {
        assertEquals("2s", HumanTime.of(2));
        assertEquals("5m12s", HumanTime.of(312));
        assertEquals("20h28m", HumanTime.of(20 * 3600 + 28 * 60 + 5));
        assertEquals("3d4h", HumanTime.of(3 * 86400 + 4 * 3600 + 59));
    }
}
