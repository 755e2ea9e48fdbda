package dev.hapair.proxy.tls;

import dev.hapair.common.config.SourceLocation;
import dev.hapair.proxy.config.CrtListEntry;
import dev.hapair.proxy.config.CrtListException;
import dev.hapair.proxy.config.CrtListFile;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The certificates of a running configuration, by file name as HAProxy's runtime API names them, with its
 * transactions: {@code set ssl cert} fills a transaction, {@code commit ssl cert} builds every context the
 * certificate is used in and swaps them all, or changes nothing when one cannot be built. A swap replaces the
 * SNI table new handshakes read; live connections keep the context they were handshaked with. Also the crt-list
 * files, whose lines {@code add ssl crt-list} / {@code del ssl crt-list} change. One lock: commands are rare and
 * handshakes never take it (they read the table the last swap installed).
 */
public final class CertificateStore {

    /** A certificate file; {@code key} is null for a store {@code new ssl cert} created and nothing filled. */
    private record Stored(String path, CertifiedKey key) {}

    private record Transaction(String path, CertifiedKey key) {}

    private final Map<String, Stored> certs = new LinkedHashMap<>();
    private final Map<String, List<CrtListEntry>> lists = new LinkedHashMap<>();
    /**
     * The last line number of each crt-list: the file's line count when it was read, plus one per
     * {@code add ssl crt-list} (HAProxy's crtlist->linecount: an added entry is numbered after it).
     */
    private final Map<String, Integer> lineCounts = new java.util.HashMap<>();

    private final List<ServerTls> binds;
    private final ServerCertificates servers;
    private Transaction tx;
    private volatile boolean keyDelExt;

    private final CaFileStore caFiles;

    /** @param binds every {@code bind ... ssl} of the configuration */
    public CertificateStore(List<ServerTls> binds) {
        this(binds, new CaFileStore());
    }

    /** @param caFiles the configuration's CA and CRL files ({@code ssl ca-file|crl-file} commands) */
    public CertificateStore(List<ServerTls> binds, CaFileStore caFiles) {
        this(binds, caFiles, new ServerCertificates());
    }

    /**
     * @param binds   every {@code bind ... ssl} of the configuration
     * @param caFiles the configuration's CA and CRL files ({@code ssl ca-file|crl-file} commands)
     * @param servers the servers sending a client certificate ({@code server ... crt}), whose files are entries
     *                of this store too
     */
    public CertificateStore(List<ServerTls> binds, CaFileStore caFiles, ServerCertificates servers) {
        this.caFiles = caFiles;
        this.binds = List.copyOf(binds);
        this.servers = servers;
        for (ServerTls b : binds) {
            for (ServerTls.Instance i : b.instances()) {
                String p = i.certificate().source().toString();
                certs.putIfAbsent(p, new Stored(p, i.certificate()));
            }
            b.crtLists().forEach(lists::putIfAbsent);
        }
        lists.forEach((l, entries) -> lineCounts.put(l, lineCount(l, entries)));
        servers.certificates().forEach((p, k) -> certs.putIfAbsent(p, new Stored(p, k)));
    }

    /** The lines HAProxy counted in a crt-list file (fgets: the last one without its LF counts too). */
    private static int lineCount(String list, List<CrtListEntry> entries) {
        int fromEntries =
                entries.stream().mapToInt(e -> e.location().line()).max().orElse(0);
        try {
            byte[] b = java.nio.file.Files.readAllBytes(java.nio.file.Path.of(list));
            int n = 0;
            for (byte x : b) if (x == '\n') n++;
            if (b.length > 0 && b[b.length - 1] != '\n') n++;
            return Math.max(n, fromEntries);
        } catch (java.io.IOException | RuntimeException e) {
            return fromEntries; // changed or gone since it was read: number after its last entry
        }
    }

    /**
     * {@code ssl-load-extra-del-ext}: a certificate's key file is {@code FILE.key} for {@code FILE.crt}, and
     * {@code set ssl cert FILE.key} names the key of {@code FILE.crt}. Set by the builder before the store is
     * published.
     */
    public CertificateStore keyDelExt(boolean on) {
        this.keyDelExt = on;
        return this;
    }

    boolean keyDelExt() {
        return keyDelExt;
    }

    /** The servers whose client certificates are entries of this store ({@code add/del server} change them). */
    public ServerCertificates servers() {
        return servers;
    }

    public CaFileStore caFiles() {
        return caFiles;
    }

    /*
     * Contexts: a bind's or server's TLS is rebuilt from its current state and then installed, by this store
     * (commit ssl cert, add/del ssl crt-list, the file watch) and by the CA store (commit ssl ca-file|crl-file).
     * Both build and install under the CA store's lock (taken after this store's, never the other way round),
     * so two commits on one bind cannot each build from the state before the other and lose one.
     */

    /** The certificates in use, file name and not-after date each (the expiry gauge). */
    public synchronized Map<String, java.util.Date> expiries() {
        Map<String, java.util.Date> out = new LinkedHashMap<>();
        for (Stored s : certs.values()) {
            if (s.key() != null && used(s.path())) {
                out.put(s.path(), s.key().leaf().getNotAfter());
            }
        }
        return out;
    }

    /** The files a watch looks at: every certificate loaded from the configuration and still in use. */
    synchronized List<String> watched() {
        return certs.values().stream()
                .filter(s -> s.key() != null && used(s.path()))
                .map(Stored::path)
                .toList();
    }

    synchronized CertifiedKey current(String path) {
        Stored s = certs.get(path);
        return s == null ? null : s.key();
    }

    private boolean used(String path) {
        return servers.uses(path) || binds.stream().anyMatch(b -> b.uses(path));
    }

    // ------------------------------------------------------------------ show

    public synchronized String showCerts() {
        StringBuilder sb = new StringBuilder();
        if (tx != null) {
            sb.append("# transaction\n*").append(tx.path()).append('\n');
        }
        sb.append("# filename\n");
        for (String p : new java.util.TreeSet<>(certs.keySet())) { // HAProxy's tree of certificates: by name
            sb.append(p).append('\n');
        }
        return sb.toString();
    }

    public synchronized String showCert(String name) {
        boolean inTx = name.startsWith("*");
        String path = inTx ? name.substring(1) : name;
        CertifiedKey k;
        if (inTx) {
            k = tx != null && tx.path().equals(path) ? tx.key() : null;
        } else {
            k = certs.containsKey(path) ? certs.get(path).key() : null;
        }
        if (k == null) {
            if (!inTx && certs.containsKey(path)) { // an empty store from 'new ssl cert'
                return "Filename: " + path + "\nStatus: Unused\n";
            }
            return "Can't display the certificate: Not found or the certificate is a bundle!\n";
        }
        return CertificateText.details(name, !inTx && used(path) ? "Used" : "Unused", k);
    }

    public synchronized String showCrtLists() {
        StringBuilder sb = new StringBuilder();
        for (String l : lists.keySet()) {
            sb.append(l).append('\n');
        }
        return sb.toString();
    }

    public synchronized String showCrtList(String name, boolean numbers) {
        String list = listName(name);
        List<CrtListEntry> entries = lists.get(list);
        if (entries == null) {
            return "didn't find the specified filename\n";
        }
        StringBuilder sb = new StringBuilder("# ").append(list).append('\n');
        for (CrtListEntry e : entries) {
            sb.append(resolved(e));
            if (numbers) {
                sb.append(':').append(e.location().line()); // the file's line, comments and blank lines counted
            }
            String rest = e.text()
                    .substring(Math.min(
                            e.text().length(),
                            e.text().indexOf(e.crt()) + e.crt().length()))
                    .strip();
            if (!rest.isEmpty()) {
                sb.append(' ').append(rest);
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    // ------------------------------------------------------------------ transactions

    public synchronized String newCert(String path) {
        if (certs.containsKey(path) || (tx != null && tx.path().equals(path))) {
            return "Certificate '" + path + "' already exists!\n";
        }
        certs.put(path, new Stored(path, null));
        return "New empty certificate store '" + path + "'!\n";
    }

    /**
     * {@code set ssl cert <path> <<payload}: the payload replaces the transaction's certificates, and its key
     * if it holds one (otherwise the current key stays, to be checked at commit).
     */
    public synchronized String setCert(String name, String payload) {
        String path = certificateOf(name);
        boolean keyOnly = !path.equals(name);
        if (tx != null && !tx.path().equals(path)) {
            return "The ongoing transaction is about '" + tx.path() + "' but you are trying to set '" + path + "'\n"
                    + "Can't update " + path + "!\n";
        }
        Stored s = certs.get(path);
        if (s == null) {
            return "Can't replace a certificate which is not referenced by the configuration!\n" + "Can't update "
                    + path + "!\n";
        }
        CertifiedKey base = tx != null ? tx.key() : s.key();
        CertifiedKey k;
        try {
            if (keyOnly && base == null) {
                throw new TlsException("'" + path + "' holds no certificate yet to give a key to");
            }
            k = keyOnly ? PemFiles.parseKey(Path.of(name), payload, base) : PemFiles.parse(Path.of(path), payload);
        } catch (TlsException e) {
            return e.getMessage() + "\nCan't load the payload\nCan't update " + path + "!\n";
        }
        boolean created = tx == null;
        tx = new Transaction(path, k);
        return "Transaction " + (created ? "created" : "updated") + " for certificate " + path + "!\n";
    }

    /**
     * The store entry {@code set ssl cert <name>} is about, as HAProxy 2.6 resolves it: {@code name} itself,
     * else for {@code X.key} the key of {@code X}, or with {@code ssl-load-extra-del-ext} of {@code X.crt}.
     */
    private String certificateOf(String name) {
        if (certs.containsKey(name) || (tx != null && tx.path().equals(name)) || !name.endsWith(".key")) {
            return name;
        }
        String base = name.substring(0, name.length() - ".key".length());
        List<String> candidates = keyDelExt ? List.of(base, base + ".crt") : List.of(base);
        for (String c : candidates) {
            if ((tx != null && tx.path().equals(c)) || certs.containsKey(c)) {
                return c;
            }
        }
        return name;
    }

    public synchronized String abortCert(String path) {
        if (tx == null) {
            return "No ongoing transaction!\n";
        }
        if (!tx.path().equals(path)) {
            return "The ongoing transaction is about '" + tx.path() + "' but you are trying to abort a transaction "
                    + "for '" + path + "'\n";
        }
        tx = null;
        return "Transaction aborted for certificate '" + path + "'!\n";
    }

    public synchronized String commitCert(String path) {
        if (tx == null) {
            return "No ongoing transaction! !\nCan't commit " + path + "!\n";
        }
        if (!tx.path().equals(path)) {
            return "The ongoing transaction is about '" + tx.path() + "' but you are trying to set '" + path + "'\n"
                    + "Can't commit " + path + "!\n";
        }
        if (tx.key().key() == null) { // a certificate sent without its key (the transaction stays)
            return "The transaction must contain at least a certificate and a private key!\nCan't commit " + path
                    + "!\n";
        }
        try {
            PemFiles.checkPair(Path.of(path), tx.key().leaf(), tx.key().key());
        } catch (TlsException e) {
            return "inconsistencies between private key and certificate loaded '" + path + "'.\nCan't commit " + path
                    + "!\n";
        }
        String dots;
        try {
            dots = replace(path, tx.key());
        } catch (TlsException e) {
            return e.getMessage() + "\nCan't commit " + path + "!\n";
        }
        tx = null;
        return "Committing " + path + dots + "\nSuccess!\n";
    }

    /**
     * Replaces {@code path} everywhere it is used: every new context is built before any is installed, so a
     * failure installs nothing. Also what the file watch calls.
     *
     * @return one '.' per certificate instance rebuilt (a bind's crt-list naming the file twice counts twice)
     */
    synchronized String replace(String path, CertifiedKey k) throws TlsException {
        List<Runnable> installs = new ArrayList<>();
        int instances = 0; // HAProxy prints one '.' per certificate instance: each crt-list line of each bind
        synchronized (caFiles) { // one lock with CA file commits (see caFiles())
            for (ServerTls b : binds) {
                if (b.uses(path)) {
                    installs.add(b.prepareReplace(path, k));
                    instances += b.instanceCount(path);
                }
            }
            List<Runnable> forServers = servers.prepareReplace(path, k);
            installs.addAll(forServers);
            instances += forServers.size();
            installs.forEach(Runnable::run);
        }
        certs.put(path, new Stored(path, k));
        return ".".repeat(instances);
    }

    // ------------------------------------------------------------------ crt-lists

    /** {@code add ssl crt-list <list> <cert>} or with a payload line. */
    public synchronized String addCrtList(String name, String line) {
        String list = listName(name);
        List<CrtListEntry> entries = lists.get(list);
        if (entries == null) {
            return "Can't edit the crt-list: crt-list '" + list + "' does not exist!\n";
        }
        CrtListEntry e;
        try {
            // as HAProxy's CLI, a tuning knob (allow-0rtt) is accepted without a word; errors are answered
            e = CrtListFile.parseLine(
                            line, new SourceLocation(list, lineCounts.getOrDefault(list, 0) + 1), new ArrayList<>())
                    .orElse(null);
        } catch (CrtListException ex) {
            return "Can't edit the crt-list: " + ex.getMessage() + "\n";
        }
        if (e == null) {
            return "Can't edit the crt-list: no certificate\n";
        }
        String path = resolved(e);
        Stored s = certs.get(path);
        if (s == null) {
            return "Can't edit the crt-list: certificate '" + path + "' does not exist!\n";
        }
        String unloaded = unloadedCaFile(list, e);
        if (unloaded != null) {
            // as HAProxy 2.6: the runtime API reads no file, a CA/CRL file must be loaded already
            return "Can't edit the crt-list: unable to load " + unloaded + "\n";
        }
        if (s.key() == null) {
            return "Can't edit the crt-list: certificate '" + path + "' is empty!\n";
        }
        List<Runnable> installs = new ArrayList<>();
        synchronized (caFiles) { // one lock with CA file commits (see caFiles())
            try {
                for (ServerTls b : binds) {
                    if (b.crtLists().containsKey(list)) {
                        installs.add(b.prepareAdd(list, e, s.key()));
                    }
                }
            } catch (TlsException ex) {
                return "Can't edit the crt-list: " + ex.getMessage() + "\n";
            }
            installs.forEach(Runnable::run);
        }
        entries.add(e);
        lineCounts.merge(list, 1, Integer::sum);
        return "Inserting certificate '" + path + "' in crt-list '" + list + "'" + ".".repeat(installs.size())
                + "\nSuccess!\n";
    }

    /** The first CA or CRL file of line {@code e} the CA store does not hold, or null. */
    private String unloadedCaFile(String list, CrtListEntry e) {
        for (ServerTls b : binds) {
            if (!b.crtLists().containsKey(list)) continue;
            for (java.util.Optional<String> f : List.of(
                    e.options().caFile(),
                    e.options().caVerifyFile(),
                    e.options().crlFile())) {
                if (f.isPresent() && !caFiles.holds(b.resolveCa(f.get()))) {
                    return b.resolveCa(f.get());
                }
            }
        }
        return null;
    }

    /** {@code del ssl crt-list <list> <cert[:line]>}. */
    public synchronized String delCrtList(String name, String certAndLine) {
        String list = listName(name);
        List<CrtListEntry> entries = lists.get(list);
        if (entries == null) {
            return "Can't delete the entry: crt-list '" + list + "' does not exist!\n";
        }
        String path = certAndLine;
        int line = 0;
        int colon = certAndLine.lastIndexOf(':');
        if (colon > 0 && certAndLine.substring(colon + 1).matches("[0-9]+")) {
            path = certAndLine.substring(0, colon);
            line = Integer.parseInt(certAndLine.substring(colon + 1));
        }
        Stored s = certs.get(path);
        if (s == null) {
            return "Can't delete the entry: certificate '" + path + "' does not exist!\n";
        }
        if (s.key() == null) {
            return "Can't delete the entry: certificate '" + path + "' is empty!\n";
        }
        List<Integer> found = new ArrayList<>(); // the entries' line numbers, as show ssl crt-list -n prints them
        CrtListEntry atLine = null;
        for (CrtListEntry c : entries) {
            if (resolved(c).equals(path)) {
                found.add(c.location().line());
                if (atLine == null && (line == 0 || c.location().line() == line)) {
                    atLine = c;
                }
            }
        }
        String lines = String.join(", ", found.stream().map(String::valueOf).toList());
        if (found.isEmpty()) {
            return "Can't delete the entry: certificate '" + path + "' can't be found in crt-list '" + list + "'!\n";
        }
        if (atLine == null) {
            return "Can't delete the entry: found a certificate '" + path + "' but the line number is incorrect, "
                    + "please specify a correct line number preceded by colons (" + lines + ")!\n";
        }
        if (line == 0 && found.size() > 1) {
            return "Can't delete the entry: found the certificate '" + path + "' in several entries, please "
                    + "specify a line number preceded by colons (" + lines + ")!\n";
        }
        CrtListEntry victim = atLine;
        List<String> defaults = new ArrayList<>();
        for (ServerTls b : binds) {
            if (b.isDefault(list, victim)) {
                defaults.add(b.location());
            }
        }
        if (!defaults.isEmpty()) {
            return "Can't delete the entry: certificate '" + path + "' cannot be deleted, it is used as default "
                    + "certificate by the following frontends:\n\t- " + String.join("\n\t- ", defaults) + "\n";
        }
        synchronized (caFiles) { // one lock with CA file commits (see caFiles())
            for (ServerTls b : binds) {
                if (b.crtLists().containsKey(list)) {
                    b.prepareRemove(victim).run();
                }
            }
        }
        entries.remove(victim);
        return "Entry '" + path + "' deleted in crtlist '" + list + "'!\n";
    }

    /** {@code del ssl cert}: only a certificate no bind uses and no crt-list names. */
    public synchronized String delCert(String path) {
        Stored s = certs.get(path);
        if (s == null) {
            return "Can't remove the certificate: certificate '" + path + "' doesn't exist!\n";
        }
        if (tx != null && tx.path().equals(path)) {
            return "Can't remove the certificate: certificate '" + path + "' is in a transaction!\n";
        }
        boolean listed = lists.values().stream()
                .anyMatch(l -> l.stream().anyMatch(e -> resolved(e).equals(path)));
        if (used(path) || listed) {
            return "Can't remove the certificate: certificate '" + path + "' in use, can't be deleted!\n";
        }
        certs.remove(path);
        return "Certificate '" + path + "' deleted!\n";
    }

    /**
     * A crt-list (or certificate directory) as the runtime API names it: trailing slashes are dropped, as
     * HAProxy 2.6 does ({@code list/} and {@code list///} name {@code list}).
     */
    static String listName(String name) {
        int end = name.length();
        while (end > 1 && name.charAt(end - 1) == '/') {
            end--;
        }
        return name.substring(0, end);
    }

    /** A crt-list line's certificate as the store names it (joined with {@code crt-base}). */
    private String resolved(CrtListEntry e) {
        for (ServerTls b : binds) {
            String p = b.resolve(e.crt());
            if (p != null) {
                return p;
            }
        }
        return e.crt();
    }
}
