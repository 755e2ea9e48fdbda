package dev.hapair.proxy.tls;

import java.nio.file.Path;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * The CA files and CRL files of one running configuration, by path as HAProxy 2.6's runtime API names them
 * ({@code ca-file}, {@code ca-verify-file}, {@code crl-file} of binds, crt-list lines and servers, joined with
 * {@code ca-base}). Each file is read once, when the first context using it is built; every later context
 * naming the same path gets the stored content, which is also how a crt-list line added at run time can name
 * a file created by {@code new ssl ca-file}.
 *
 * <p>Transactions, one for CA files and one for CRL files as in HAProxy: {@code set} fills one, {@code commit}
 * rebuilds every bind and server context that uses the file with the new content, and only when all of them
 * build installs them and the file (new handshakes use them; live connections keep theirs); a failed commit
 * changes nothing and keeps the transaction. One lock for all of it: commands are rare and handshakes never
 * take it (they read contexts already installed).
 */
public final class CaFileStore {

    /** What a file holds: {@code ca-file} certificates (listed by {@code show ssl ca-file}), {@code ca-verify-file}, CRLs. */
    enum Kind {
        CA,
        VERIFY,
        CRL
    }

    /**
     * One file. {@code certs} / {@code crls} are null for an empty file made by {@code new ssl ca-file|crl-file}
     * and never committed.
     */
    record Entry(String path, Kind kind, List<X509Certificate> certs, List<X509CRL> crls) {
        boolean empty() {
            return certs == null && crls == null;
        }

        int count() {
            return certs != null ? certs.size() : crls != null ? crls.size() : 0;
        }
    }

    /** Something built from CA/CRL files that a commit rebuilds: a bind's TLS or a server's. */
    interface User {
        /** The store paths this user's contexts were built from. */
        Set<String> caPaths();

        /**
         * Builds the user's contexts again, reading the files through the store (so with a commit's new
         * content); the returned action installs them. Nothing is installed when this throws.
         */
        Runnable rebuild() throws TlsException;
    }

    private record Transaction(String path, Entry entry) {}

    private final Map<String, Entry> entries = new TreeMap<>(); // HAProxy lists them in path order
    private final List<User> users = new CopyOnWriteArrayList<>();
    private Transaction caTx;
    private Transaction crlTx;
    /** During a commit: the file being committed, as the rebuilt contexts must read it. */
    private Entry committing;

    /** Whether {@code path} is loaded (by the configuration or {@code new/commit ssl ca-file|crl-file}). */
    synchronized boolean holds(String path) {
        return entries.containsKey(path);
    }

    void register(User u) {
        users.add(u);
    }

    // ------------------------------------------------------------------ reads (context builds)

    /** The certificates of {@code file} ({@code ca-file} or {@code ca-verify-file}), read on first use. */
    synchronized List<X509Certificate> certificates(Path file, boolean verifyOnly) throws TlsException {
        Entry e = lookup(file.toString());
        if (e == null) {
            e = new Entry(
                    file.toString(),
                    verifyOnly ? Kind.VERIFY : Kind.CA,
                    certOrder(PemFiles.loadCertificates(file)),
                    null);
            entries.put(e.path(), e);
        }
        if (e.certs() == null) {
            throw new TlsException("CA file '" + file + "' " + (e.crls() != null ? "is a CRL file" : "is empty"));
        }
        return e.certs();
    }

    /** The CRLs of {@code file} ({@code crl-file}), read on first use. */
    synchronized List<X509CRL> crls(Path file) throws TlsException {
        Entry e = lookup(file.toString());
        if (e == null) {
            e = new Entry(file.toString(), Kind.CRL, null, crlOrder(PemFiles.loadCrls(file)));
            entries.put(e.path(), e);
        }
        if (e.crls() == null) {
            throw new TlsException("CRL file '" + file + "' " + (e.certs() != null ? "is a CA file" : "is empty"));
        }
        return e.crls();
    }

    private Entry lookup(String path) {
        if (committing != null && committing.path().equals(path)) {
            return committing;
        }
        return entries.get(path);
    }

    /**
     * Certificates or CRLs in the order OpenSSL's X509_STORE keeps them, which {@code show ssl ca-file|crl-file
     * <f>:<index>} counts in: duplicates dropped, and each addition first sorts what is there (by subject, or
     * a CRL's issuer), so all but the last one added are sorted. Names are compared by their DER encoding,
     * length first: an approximation of OpenSSL's canonical encoding (the same order for the usual ASCII names
     * unless they differ only in letter case).
     */
    static <T> List<T> storeOrder(List<T> in, Function<T, byte[]> name, Function<T, byte[]> encoded) {
        Comparator<T> byName = (a, b) -> {
            byte[] x = name.apply(a);
            byte[] y = name.apply(b);
            return x.length != y.length ? Integer.compare(x.length, y.length) : Arrays.compareUnsigned(x, y);
        };
        List<T> out = new ArrayList<>();
        for (T c : in) {
            out.sort(byName);
            if (out.stream().noneMatch(o -> Arrays.equals(encoded.apply(o), encoded.apply(c)))) {
                out.add(c);
            }
        }
        return List.copyOf(out);
    }

    static List<X509Certificate> certOrder(List<X509Certificate> in) {
        return storeOrder(in, c -> c.getSubjectX500Principal().getEncoded(), c -> {
            try {
                return c.getEncoded();
            } catch (java.security.cert.CertificateEncodingException e) {
                throw new IllegalStateException("a parsed certificate encodes", e);
            }
        });
    }

    static List<X509CRL> crlOrder(List<X509CRL> in) {
        return storeOrder(in, c -> c.getIssuerX500Principal().getEncoded(), c -> {
            try {
                return c.getEncoded();
            } catch (java.security.cert.CRLException e) {
                throw new IllegalStateException("a parsed CRL encodes", e);
            }
        });
    }

    private boolean used(String path) {
        return users.stream().anyMatch(u -> u.caPaths().contains(path));
    }

    // ------------------------------------------------------------------ show

    /** {@code show ssl ca-file} / {@code show ssl crl-file} without a name. */
    public synchronized String list(boolean crl) {
        StringBuilder sb = new StringBuilder();
        Transaction tx = crl ? crlTx : caTx;
        if (tx != null) {
            sb.append("# transaction\n*").append(tx.path());
            sb.append(crl ? "\n" : " - " + tx.entry().count() + " certificate(s)\n");
        }
        sb.append("# filename\n");
        for (Entry e : entries.values()) {
            if (crl ? e.kind() == Kind.CRL : e.kind() == Kind.CA) {
                sb.append(e.path()).append(crl ? "\n" : " - " + e.count() + " certificate(s)\n");
            }
        }
        return sb.toString();
    }

    /** {@code show ssl ca-file|crl-file <name>[:<index>]}; a leading '*' names the transaction's new content. */
    public synchronized String details(boolean crl, String arg) {
        String name = arg;
        int index = 0;
        int colon = arg.indexOf(':');
        if (colon >= 0) {
            String n = arg.substring(colon + 1);
            try {
                index = n.matches("[0-9]+") ? Integer.parseInt(n) : 0;
            } catch (NumberFormatException e) {
                index = 0;
            }
            if (index <= 0) {
                return "wrong " + (crl ? "CRL" : "CA") + " index after colons in '" + arg + "'!";
            }
            name = arg.substring(0, colon);
        }
        Entry e;
        boolean inTx = name.startsWith("*");
        if (inTx) {
            Transaction tx = crl ? crlTx : caTx;
            e = tx != null && tx.path().equals(name.substring(1)) ? tx.entry() : null;
        } else {
            e = entries.get(name);
            if (e != null && (crl ? e.kind() != Kind.CRL : e.kind() != Kind.CA)) e = null;
        }
        if (e == null) {
            return "Can't display the " + (crl ? "CRL" : "CA") + " file : Not found!\n";
        }
        StringBuilder sb = new StringBuilder("Filename: ");
        sb.append(inTx ? "*" : "").append(e.path()).append('\n');
        sb.append("Status: ")
                .append(e.empty() ? "Empty" : !inTx && used(e.path()) ? "Used" : "Unused")
                .append('\n');
        int n = e.count();
        for (int i = index > 0 ? index - 1 : 0; i < n; i++) {
            if (crl) {
                sb.append(" \nCertificate Revocation List #").append(i + 1).append(":\n");
                sb.append(CaFileText.crl(e.crls().get(i)));
            } else {
                sb.append(" \nCertificate #").append(i + 1).append(":\n");
                sb.append(CaFileText.certificate(e.certs().get(i)));
            }
            if (index > 0) break;
        }
        return sb.toString();
    }

    // ------------------------------------------------------------------ transactions

    /** {@code new ssl ca-file|crl-file <name>}: an empty file no context uses yet. */
    public synchronized String create(boolean crl, String path) {
        if (entries.containsKey(path)) {
            return (crl ? "CRL" : "CA") + " file '" + path + "' already exists!\n";
        }
        entries.put(path, new Entry(path, crl ? Kind.CRL : Kind.CA, null, null));
        return "New " + (crl ? "CRL" : "CA") + " file created '" + path + "'!\n";
    }

    /** {@code set ssl ca-file|crl-file <name> <<payload}: the payload is the transaction's new content. */
    public synchronized String set(boolean crl, String path, String payload) {
        Transaction tx = crl ? crlTx : caTx;
        String fail = "Can't update " + path + "!\n";
        if (tx != null && !tx.path().equals(path)) {
            return "The ongoing transaction is about '" + tx.path() + "' but you are trying to set '" + path + "'\n"
                    + fail;
        }
        Entry old = tx != null ? tx.entry() : entries.get(path);
        if (old == null) {
            return "Can't replace a " + (crl ? "CRL" : "CA") + " file which is not referenced by the configuration!\n"
                    + fail;
        }
        Entry next;
        try {
            next = crl
                    ? new Entry(path, Kind.CRL, null, crlOrder(PemFiles.parseCrls(Path.of(path), payload)))
                    : new Entry(path, old.kind(), certOrder(PemFiles.parseCertificates(Path.of(path), payload)), null);
        } catch (TlsException e) {
            return "Invalid payload\n" + fail;
        }
        Transaction t = new Transaction(path, next);
        if (crl) crlTx = t;
        else caTx = t;
        return "transaction " + (tx == null ? "created" : "updated") + " for " + (crl ? "CRL" : "CA") + " " + path
                + "!\n";
    }

    /** {@code abort ssl ca-file|crl-file <name>}. */
    public synchronized String abort(boolean crl, String path) {
        Transaction tx = crl ? crlTx : caTx;
        if (tx == null) {
            return "No ongoing transaction!\n";
        }
        if (!tx.path().equals(path)) {
            return "The ongoing transaction is about '" + tx.path()
                    + "' but you are trying to abort a transaction for '" + path + "'\n";
        }
        if (crl) crlTx = null;
        else caTx = null;
        return "Transaction aborted for certificate '" + path + "'!\n";
    }

    /**
     * {@code commit ssl ca-file|crl-file <name>}: every user of the file is rebuilt with the new content before
     * any is installed. One '.' per rebuilt user, as HAProxy prints one per rebuilt instance.
     */
    public synchronized String commit(boolean crl, String path) {
        Transaction tx = crl ? crlTx : caTx;
        if (tx == null) {
            return "No ongoing transaction! !\nCan't commit " + path + "!\n";
        }
        if (!tx.path().equals(path)) {
            return "The ongoing transaction is about '" + tx.path() + "' but you are trying to set '" + path + "'\n"
                    + "Can't commit " + path + "!\n";
        }
        StringBuilder sb = new StringBuilder("Committing ").append(path);
        List<Runnable> installs = new ArrayList<>();
        committing = tx.entry();
        try {
            for (User u : users) {
                if (u.caPaths().contains(path)) {
                    installs.add(u.rebuild());
                    sb.append('.');
                }
            }
        } catch (TlsException e) {
            return sb.append('\n').append(e.getMessage()).append("\nFailed!\n").toString();
        } finally {
            committing = null;
        }
        entries.put(path, tx.entry());
        installs.forEach(Runnable::run);
        if (crl) crlTx = null;
        else caTx = null;
        return sb.append("\nSuccess!\n").toString();
    }

    /** {@code del ssl ca-file|crl-file <name>}: only a file no context uses. */
    public synchronized String delete(boolean crl, String path) {
        String what = crl ? "CRL" : "CA";
        String fail = "Can't remove the " + what + " file: ";
        Entry e = entries.get(path);
        if (e == null) {
            return fail + what + " file '" + path + "' doesn't exist!\n\n";
        }
        if (crl && e.kind() != Kind.CRL) {
            return fail + "'del ssl crl-file' does not work on CA files!\n\n";
        }
        if (used(path)) {
            return fail + what + " file '" + path + "' in use, can't be deleted!\n\n";
        }
        entries.remove(path);
        return what + " file '" + path + "' deleted!\n";
    }
}
