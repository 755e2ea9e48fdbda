package dev.hapair.proxy.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.hapair.proxy.tls.SniTable.KeyType;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SniTableTest {

    private static final ClientOffer BOTH = new ClientOffer(true, true);
    private static final ClientOffer RSA_ONLY = new ClientOffer(true, false);
    private static final ClientOffer ECDSA_ONLY = new ClientOffer(false, true);
    private static final ClientOffer NEITHER = new ClientOffer(false, false);

    /** Entries of one key type: selection by name alone. */
    private record Named(SniTable<String> t) {
        Optional<String> select(String name) {
            return t.select(name, BOTH);
        }
    }

    private static SniTable.Entry<String> e(String value, KeyType type, String... names) {
        return new SniTable.Entry<>(List.of(names), type, value);
    }

    private static Named table(boolean strict) {
        return new Named(new SniTable<>(
                List.of(
                        e("A", KeyType.RSA, "a.test", "*.a.test"),
                        e("B", KeyType.RSA, "b.test", "*.wild.test"),
                        e("C", KeyType.RSA, "x.wild.test", "a.test")),
                strict));
    }

    @Test
    void exactNamesWinOverWildcardsAndTheFirstDeclarationKeepsAName() {
        Named t = table(false);
        assertEquals(Optional.of("A"), t.select("a.test"));
        assertEquals(Optional.of("A"), t.select("A.TEST"), "letter case does not matter");
        // as HAProxy 2.6 (haproxy 2.6.12 side by side, session 15): a trailing dot is part of the name, so it
        // names no certificate and the default serves; a name starting with a dot is looked up as a wildcard
        assertEquals(Optional.of("A"), t.select("b.test."), "the default, not B");
        assertEquals(Optional.of("B"), t.select(".wild.test"));
        assertEquals(Optional.of("B"), t.select("b.test"));
        assertEquals(Optional.of("C"), t.select("x.wild.test"), "exact before the wildcard of an earlier certificate");
        assertEquals(Optional.of("B"), t.select("y.wild.test"));
        assertEquals(Optional.of("A"), t.select("www.a.test"));
    }

    @Test
    void aWildcardCoversExactlyOneLabel() {
        Named t = table(true);
        assertEquals(Optional.empty(), t.select("wild.test"));
        assertEquals(Optional.empty(), t.select("deep.y.wild.test"));
    }

    @Test
    void theFirstCertificateIsTheDefaultUnlessStrictSni() {
        assertEquals(Optional.of("A"), table(false).select("other.test"));
        assertEquals(Optional.of("A"), table(false).select(null), "no SNI at all");
        assertEquals(Optional.empty(), table(true).select("other.test"));
        assertEquals(Optional.empty(), table(true).select(null));
    }

    @Test
    void crtListFiltersAndExclusionsAsHaproxy26() {
        // cert1.pem !*          -> only ever the default
        // certW.pem *.d.tld !secure.d.tld
        // certS.pem secure.d.tld
        // certX.pem !w.d.tld    -> an exclusion alone does not hide another line's name
        Named t = new Named(new SniTable<>(
                List.of(
                        e("DEFAULT", KeyType.RSA, "!*"),
                        e("W", KeyType.RSA, "*.d.tld", "!secure.d.tld", "!other.d.tld"),
                        e("S", KeyType.RSA, "secure.d.tld"),
                        e("X", KeyType.RSA, "!www.d.tld", "*.d.tld")),
                false));
        assertEquals(Optional.of("W"), t.select("www2.d.tld"));
        assertEquals(Optional.of("S"), t.select("secure.d.tld"));
        assertEquals(
                Optional.of("X"), t.select("other.d.tld"), "W excludes it, the next line with the wildcard serves it");
        assertEquals(Optional.of("W"), t.select("www.d.tld"), "X's exclusion concerns X only");
        assertEquals(Optional.of("DEFAULT"), t.select("none.test"));
        assertEquals(Optional.of("DEFAULT"), t.select(null));
        Named strict = new Named(new SniTable<>(List.of(e("D", KeyType.RSA, "!*")), true));
        assertEquals(Optional.empty(), strict.select("d"), "'!*' names nothing");
    }

    @Test
    void oneNameServedByAnRsaAndAnEcdsaCertificateGoesByWhatTheClientCanVerify() {
        SniTable<String> t = new SniTable<>(
                List.of(e("ECDSA", KeyType.ECDSA, "example.com"), e("RSA", KeyType.RSA, "example.com")), true);
        assertEquals(Optional.of("ECDSA"), t.select("example.com", BOTH), "ECDSA first when the client can");
        assertEquals(Optional.of("RSA"), t.select("example.com", RSA_ONLY));
        assertEquals(Optional.of("ECDSA"), t.select("example.com", ECDSA_ONLY));
        assertEquals(Optional.of("ECDSA"), t.select("example.com", NEITHER), "then ECDSA, then RSA");
        SniTable<String> reversed = new SniTable<>(
                List.of(e("RSA", KeyType.RSA, "example.com"), e("ECDSA", KeyType.ECDSA, "example.com")), true);
        assertEquals(Optional.of("ECDSA"), reversed.select("example.com", BOTH), "not by declaration order");
        assertEquals(Optional.of("RSA"), reversed.select("example.com", RSA_ONLY));
    }

    @Test
    void anotherKeyTypeServesOnlyWhenNeitherFits() {
        SniTable<String> t =
                new SniTable<>(List.of(e("ED", KeyType.OTHER, "n.test"), e("EC", KeyType.ECDSA, "n.test")), true);
        assertEquals(Optional.of("EC"), t.select("n.test", BOTH));
        assertEquals(Optional.of("ED"), t.select("n.test", RSA_ONLY), "no RSA candidate: the other type");
    }

    @Test
    void exactAndWildcardCandidatesArePooledFirstOfEachTypeWins() {
        // reg-test ssl_crt-list_filters (bug #810 and #818), its filters.crt-list:
        //   common.pem (RSA)  *.bug810.domain.tld record.bug810.domain.tld *.bug818.domain.tld
        // !another-record.bug818.domain.tld
        //   ecdsa.pem (ECDSA) record.bug810.domain.tld another-record.bug810.domain.tld *.bug818.domain.tld
        SniTable<String> t = new SniTable<>(
                List.of(
                        e(
                                "common",
                                KeyType.RSA,
                                "*.bug810.domain.tld",
                                "record.bug810.domain.tld",
                                "*.bug818.domain.tld",
                                "!another-record.bug818.domain.tld"),
                        e(
                                "ecdsa",
                                KeyType.ECDSA,
                                "record.bug810.domain.tld",
                                "another-record.bug810.domain.tld",
                                "*.bug818.domain.tld")),
                true);
        String n810 = "another-record.bug810.domain.tld";
        assertEquals(Optional.of("common"), t.select(n810, RSA_ONLY), "kRSA: the RSA wildcard beats the ECDSA name");
        assertEquals(Optional.of("ecdsa"), t.select(n810, BOTH), "aECDSA");
        String n818 = "another-record.bug818.domain.tld";
        assertEquals(
                Optional.of("ecdsa"),
                t.select(n818, RSA_ONLY),
                "the RSA line excludes the name: ECDSA is all there is (and the kRSA handshake fails)");
        assertEquals(Optional.of("common"), t.select("x.bug818.domain.tld", RSA_ONLY));
        SniTable<String> same =
                new SniTable<>(List.of(e("wild", KeyType.RSA, "*.t.test"), e("exact", KeyType.RSA, "a.t.test")), true);
        assertEquals(Optional.of("exact"), same.select("a.t.test", RSA_ONLY), "same type: the exact name first");
    }
}
