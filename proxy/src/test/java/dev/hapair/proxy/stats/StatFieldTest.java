package dev.hapair.proxy.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class StatFieldTest {
    /** HAProxy's `show stat` header, base columns (modules' extra columns come after `proto` and are not ours). */
    static final String HAPROXY_HEADER =
            "# pxname,svname,qcur,qmax,scur,smax,slim,stot,bin,bout,dreq,dresp,ereq,econ,eresp,"
                    + "wretr,wredis,status,weight,act,bck,chkfail,chkdown,lastchg,downtime,qlimit,pid,iid,sid,throttle,lbtot,tracked,"
                    + "type,rate,rate_lim,rate_max,check_status,check_code,check_duration,hrsp_1xx,hrsp_2xx,hrsp_3xx,hrsp_4xx,hrsp_5xx,"
                    + "hrsp_other,hanafail,req_rate,req_rate_max,req_tot,cli_abrt,srv_abrt,comp_in,comp_out,comp_byp,comp_rsp,lastsess,"
                    + "last_chk,last_agt,qtime,ctime,rtime,ttime,agent_status,agent_code,agent_duration,check_desc,agent_desc,"
                    + "check_rise,check_fall,check_health,agent_rise,agent_fall,agent_health,addr,cookie,mode,algo,conn_rate,"
                    + "conn_rate_max,conn_tot,intercepted,dcon,dses,wrew,connect,reuse,cache_lookups,cache_hits,srv_icur,src_ilim,"
                    + "qtime_max,ctime_max,rtime_max,ttime_max,eint,idle_conn_cur,safe_conn_cur,used_conn_cur,need_conn_est,uweight,"
                    + "agg_server_status,agg_server_check_status,agg_check_status,srid,sess_other,h1sess,h2sess,h3sess,req_other,"
                    + "h1req,h2req,h3req,proto,";

    @Test
    void headerIsHaproxysColumnOrder() {
        assertEquals(HAPROXY_HEADER, StatField.csvHeader());
        assertEquals(0, StatField.PXNAME.ordinal());
        assertEquals(17, StatField.STATUS.ordinal()); // scripts use `cut -d, -f18` for the status
        assertEquals(36, StatField.CHECK_STATUS.ordinal());
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
