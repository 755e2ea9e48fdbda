package dev.hapair.proxy.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.hapair.proxy.config.StatsLevel;
import dev.hapair.proxy.sample.Sample;
import dev.hapair.proxy.sample.SampleEnv;
import dev.hapair.proxy.sample.VarRef;
import dev.hapair.proxy.sample.Vars;
import org.junit.jupiter.api.Test;

class VarCommandsTest {
    private final StatsFixture fx = new StatsFixture();
    private final RuntimeApi api = new RuntimeApi(fx.snapshot, fx.clock::get, null);
    private final Vars.Proc proc = new Vars.Proc();

    VarCommandsTest() {
        new VarCommands(() -> new VarCommands.Target(proc, SampleEnv.lenient())).registerOn(api);
        new Vars(proc).set(VarRef.parse("proc.int5"), Sample.sint(5));
        new Vars(proc).set(VarRef.parse("proc.raw"), Sample.bin(new byte[] {'a', 1, 'b'}));
    }

    @Test
    void getVarShowsTypeAndPrintableValue() {
        CliSession s = new CliSession(StatsLevel.OPERATOR, false, null);
        assertEquals("proc.int5: type=sint value=<5>\n", api.execute("get var proc.int5", s));
        assertEquals("proc.raw: type=bin value=<a.b>\n", api.execute("get var proc.raw", s));
        assertEquals("Variable not found.\n\n", api.execute("get var proc.none", s));
        assertEquals("Variable not found.\n\n", api.execute("get var txn.x", s));
        assertEquals("Missing process-wide variable identifier.\n\n", api.execute("get var", s));
        assertEquals(
                RuntimeApi.PERMISSION_DENIED + "\n",
                api.execute("get var proc.int5", new CliSession(StatsLevel.USER, false, null)));
    }

    @Test
    void setVarNeedsExperimentalModeAndTakesExpressionsOrFormats() {
        CliSession s = new CliSession(StatsLevel.ADMIN, false, null);
        assertEquals(
                "This command is restricted to experimental mode only.\n\n", api.execute("set var proc.str str(x)", s));
        api.execute(
                "experimental-mode on; set var proc.str str(updating); set var proc.str fmt"
                        + " %[var(proc.str),regsub(ing,ed)]",
                s);
        assertEquals("proc.str: type=str value=<updated>\n", api.execute("get var proc.str", s));
        api.execute("set var proc.n expr int(12),add(proc.int5)", s);
        assertEquals("proc.n: type=sint value=<17>\n", api.execute("get var proc.n", s));
        assertEquals(
                "'set var': cannot set variable 'txn.x', only scope 'proc' is permitted here.\n\n",
                api.execute("set var txn.x int(1)", s));
        assertEquals("experimental-mode is ON\n\n", api.execute("experimental-mode", s));
        api.execute("experimental-mode off", s);
        assertEquals(
                "This command is restricted to experimental mode only.\n\n", api.execute("set var proc.n int(1)", s));
    }
}
