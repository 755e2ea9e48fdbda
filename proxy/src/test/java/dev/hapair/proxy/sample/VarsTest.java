package dev.hapair.proxy.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

/** Variables by scope: set, overwrite, unset, and what the next transaction of a session keeps. */
class VarsTest {

    @Test
    void eachScopeKeepsItsOwnValues() {
        Vars.Proc proc = new Vars.Proc();
        Vars v = new Vars(proc);
        for (String scope : new String[] {"proc", "sess", "txn", "req", "res"}) {
            v.set(VarRef.parse(scope + ".a"), Sample.str(scope));
        }
        for (String scope : new String[] {"proc", "sess", "txn", "req", "res"}) {
            assertEquals(Sample.str(scope), v.get(VarRef.parse(scope + ".a")), scope);
        }
        Vars next = v.nextTransaction();
        assertEquals(Sample.str("proc"), next.get(VarRef.parse("proc.a")));
        assertEquals(Sample.str("sess"), next.get(VarRef.parse("sess.a")));
        assertNull(next.get(VarRef.parse("txn.a")));
        assertNull(next.get(VarRef.parse("req.a")));
        assertNull(next.get(VarRef.parse("res.a")));
        assertEquals(Sample.str("proc"), new Vars(proc).get(VarRef.parse("proc.a")), "proc is process-wide");
        assertNull(new Vars(proc).get(VarRef.parse("sess.a")), "sess is one connection's");
    }

    @Test
    void manyNamesOverwriteAndUnset() {
        Vars v = new Vars(new Vars.Proc());
        for (int i = 0; i < 40; i++) {
            v.set(VarRef.parse("txn.v" + i), Sample.sint(i));
        }
        v.set(VarRef.parse("txn.v7"), Sample.sint(700));
        // a name built at run time is the same variable as the one parsed from the configuration
        assertEquals(Sample.sint(700), v.get(new VarRef(VarRef.Scope.TXN, new String("v7".toCharArray()))));
        v.unset(VarRef.parse("txn.v0"));
        v.unset(VarRef.parse("txn.v39"));
        v.unset(VarRef.parse("txn.v20"));
        v.unset(VarRef.parse("txn.missing"));
        v.unset(VarRef.parse("req.never"));
        assertNull(v.get(VarRef.parse("txn.v0")));
        assertNull(v.get(VarRef.parse("txn.v20")));
        assertNull(v.get(VarRef.parse("txn.v39")));
        for (int i = 1; i < 39; i++) {
            if (i != 20) {
                assertEquals(Sample.sint(i == 7 ? 700 : i), v.get(VarRef.parse("txn.v" + i)), "v" + i);
            }
        }
        v.set(VarRef.parse("txn.v0"), Sample.str("back"));
        assertEquals(Sample.str("back"), v.get(VarRef.parse("txn.v0")));
        assertNull(v.get(VarRef.parse("sess.v1")), "scopes do not mix");
    }

    @Test
    void aValueLongerThanTheBufferIsNotStored() {
        Vars v = new Vars(new Vars.Proc(8));
        for (String scope : new String[] {"proc", "sess", "txn"}) {
            VarRef list = VarRef.parse(scope + ".list");
            v.set(list, Sample.str("a,b,c,d"));
            v.set(list, Sample.str("a,b,c,d,e")); // a variable adding to itself on each request stops growing
            assertEquals(Sample.str("a,b,c,d"), v.get(list), scope);
            v.set(list, Sample.str("12345678"));
            assertEquals(Sample.str("12345678"), v.get(list), scope + ": as long as the buffer is fine");
            v.set(list, Sample.bin(new byte[9]));
            assertEquals(Sample.str("12345678"), v.get(list), scope + ": binary likewise");
        }
        v.set(VarRef.parse("txn.n"), Sample.sint(1_000_000_000L));
        assertEquals(Sample.sint(1_000_000_000L), v.get(VarRef.parse("txn.n")), "numbers have no length");
    }
}
