package dev.hapair.proxy.tls;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;

/**
 * Reads certificates the way HAProxy 2.6's {@code crt} does: one PEM file holding the chain (leaf first) and
 * the private key, or the key in {@code FILE.key} beside it; a directory means every file in it in
 * alphabetical order except the reserved extensions. Every problem is a {@link TlsException} naming the file.
 */
public final class PemFiles {

    private static final Pattern BLOCK =
            Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----\\r?\\n(.*?)-----END \\1-----", Pattern.DOTALL);
    /** Extensions HAProxy reserves for files that accompany a certificate in a directory. */
    private static final List<String> RESERVED = List.of(".key", ".ocsp", ".issuer", ".sctl");
    /** rsaEncryption AlgorithmIdentifier (SEQUENCE { OID 1.2.840.113549.1.1.1, NULL }), DER. */
    private static final byte[] RSA_ALGORITHM = {
        0x30, 0x0d, 0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d, 0x01, 0x01, 0x01, 0x05, 0x00
    };

    private PemFiles() {}

    /** A {@code crt} argument: a file, or every certificate file of a directory. */
    public static List<CertifiedKey> loadCrt(Path path) throws TlsException {
        return loadCrt(path, false);
    }

    /**
     * The file a certificate's key is read from when the certificate file holds none: {@code FILE.key}, or with
     * {@code ssl-load-extra-del-ext} the {@code .crt} extension replaced ({@code foo.crt} -> {@code foo.key}).
     */
    public static Path keyFile(Path file, boolean delExt) {
        String name = file.toString();
        if (delExt && name.endsWith(".crt")) {
            return Path.of(name.substring(0, name.length() - ".crt".length()) + ".key");
        }
        return Path.of(name + ".key");
    }

    /** {@link #loadCrt(Path)}, keys named as {@link #keyFile} says. */
    public static List<CertifiedKey> loadCrt(Path path, boolean delExt) throws TlsException {
        if (Files.isDirectory(path)) {
            List<Path> files;
            try (Stream<Path> s = Files.list(path)) {
                files = s.filter(Files::isRegularFile)
                        .filter(p -> !p.getFileName().toString().startsWith("."))
                        .filter(p -> RESERVED.stream()
                                .noneMatch(ext -> p.getFileName().toString().endsWith(ext)))
                        .sorted()
                        .toList();
            } catch (IOException e) {
                throw new TlsException("cannot list certificate directory '" + path + "': " + e.getMessage(), e);
            }
            if (files.isEmpty()) {
                throw new TlsException("certificate directory '" + path + "' holds no certificate file");
            }
            List<CertifiedKey> out = new ArrayList<>();
            for (Path f : files) {
                out.add(load(f, delExt));
            }
            return out;
        }
        List<CertifiedKey> out = new ArrayList<>();
        for (Path f : bundle(path)) {
            out.add(load(f, delExt));
        }
        return out;
    }

    /** The key types of a multi-certificate bundle, in the order HAProxy 2.6 loads them (the first is default). */
    static final List<String> BUNDLE_EXTENSIONS = List.of(".dsa", ".ecdsa", ".rsa");

    /**
     * The files a certificate name stands for, as HAProxy 2.6 reads {@code crt} and crt-list lines: the file
     * itself when it exists, else the multi-certificate bundle {@code FILE.dsa}, {@code FILE.ecdsa},
     * {@code FILE.rsa} (those that exist; each a certificate of its own, named by its full file name), else the
     * name alone (reading it then says it does not exist).
     */
    public static List<Path> bundle(Path file) {
        if (Files.exists(file)) {
            return List.of(file);
        }
        List<Path> out = new ArrayList<>();
        for (String ext : BUNDLE_EXTENSIONS) {
            Path member = Path.of(file + ext);
            if (Files.isRegularFile(member)) {
                out.add(member);
            }
        }
        return out.isEmpty() ? List.of(file) : out;
    }

    /** One certificate file (chain and key, or the key in FILE.key). */
    public static CertifiedKey load(Path file) throws TlsException {
        return load(file, false);
    }

    /** One certificate file (chain and key, or the key in {@link #keyFile}). */
    public static CertifiedKey load(Path file, boolean delExt) throws TlsException {
        for (String ext : List.of(".ocsp", ".sctl")) {
            if (Files.exists(Path.of(file + ext))) {
                throw new TlsException("'" + file + ext + "' exists: OCSP stapling and SCTs are not supported by "
                        + "hapair-proxy (remove the file)");
            }
        }
        List<Block> blocks;
        try {
            blocks = blocks(file);
        } catch (TlsException e) {
            if (e.getMessage().endsWith("holds no PEM block")) { // HAProxy's words for a file that is no certificate
                throw new TlsException("unable to load certificate from file '" + file + "'.");
            }
            throw e;
        }
        List<X509Certificate> chain = new ArrayList<>();
        PrivateKey key = null;
        for (Block b : blocks) {
            switch (b.type) {
                case "CERTIFICATE", "TRUSTED CERTIFICATE" -> chain.add(certificate(file, b));
                case "PRIVATE KEY", "RSA PRIVATE KEY", "EC PRIVATE KEY", "ENCRYPTED PRIVATE KEY" -> {
                    if (key != null) {
                        throw new TlsException("'" + file + "' holds more than one private key");
                    }
                    key = privateKey(file, b);
                }
                case "EC PARAMETERS" -> {} // written by 'openssl ecparam -genkey'; the key names its curve
                default -> throw new TlsException(
                        "'" + file + "': PEM block '" + b.type + "' is not supported by hapair-proxy");
            }
        }
        if (chain.isEmpty()) {
            throw new TlsException("'" + file + "' holds no certificate (PEM 'BEGIN CERTIFICATE' block)");
        }
        if (key == null) {
            Path keyFile = keyFile(file, delExt);
            if (!Files.exists(keyFile)) {
                throw new TlsException("'" + file + "' holds no private key and '" + keyFile + "' does not exist");
            }
            for (Block b : blocks(keyFile)) {
                if (b.type.endsWith("PRIVATE KEY")) {
                    key = privateKey(keyFile, b);
                    break;
                }
            }
            if (key == null) {
                throw new TlsException("'" + keyFile + "' holds no private key");
            }
        }
        checkPair(file, chain.get(0), key);
        return new CertifiedKey(file, chain, key, names(chain.get(0)));
    }

    /**
     * A certificate sent over the runtime API ({@code set ssl cert <file> <<payload}): its chain, and its key,
     * or no key (null) when the payload holds none: as in haproxy 2.6.12 the transaction then has no key and
     * its commit is refused until {@code set ssl cert <file>.key} brings one. A payload without any PEM block
     * gets HAProxy's words for a payload without a certificate.
     */
    static CertifiedKey parse(Path name, String text) throws TlsException {
        List<Block> blocks;
        try {
            blocks = blocks(name, text);
        } catch (TlsException e) {
            if (e.getMessage().endsWith("holds no PEM block")) {
                throw new TlsException("unable to load certificate from file '" + name + "'.");
            }
            throw e;
        }
        List<X509Certificate> chain = new ArrayList<>();
        PrivateKey key = null;
        for (Block b : blocks) {
            switch (b.type) {
                case "CERTIFICATE", "TRUSTED CERTIFICATE" -> chain.add(certificate(name, b));
                case "PRIVATE KEY", "RSA PRIVATE KEY", "EC PRIVATE KEY", "ENCRYPTED PRIVATE KEY" -> key =
                        privateKey(name, b);
                case "EC PARAMETERS" -> {}
                default -> throw new TlsException(
                        "'" + name + "': PEM block '" + b.type + "' is not supported by hapair-proxy");
            }
        }
        if (chain.isEmpty()) {
            throw new TlsException("unable to load certificate from file '" + name + "'.");
        }
        return new CertifiedKey(name, chain, key, names(chain.get(0)));
    }

    /**
     * A key sent over the runtime API for a certificate ({@code set ssl cert FILE.key <<payload}, or the
     * {@code .crt}-less name with {@code ssl-load-extra-del-ext}): the payload's private key, the chain kept.
     */
    static CertifiedKey parseKey(Path name, String text, CertifiedKey current) throws TlsException {
        PrivateKey key = null;
        for (Block b : blocks(name, text)) {
            if (b.type.endsWith("PRIVATE KEY")) {
                if (key != null) {
                    throw new TlsException("'" + name + "' holds more than one private key");
                }
                key = privateKey(name, b);
            }
        }
        if (key == null) {
            throw new TlsException("unable to load the private key from '" + name + "'.");
        }
        return new CertifiedKey(current.source(), current.chain(), key, current.names());
    }

    /** CA certificates ({@code ca-file}). */
    public static List<X509Certificate> loadCertificates(Path file) throws TlsException {
        return certificates(file, blocks(file));
    }

    private static List<X509Certificate> certificates(Path file, List<Block> blocks) throws TlsException {
        List<X509Certificate> out = new ArrayList<>();
        for (Block b : blocks) {
            if (b.type.equals("CERTIFICATE") || b.type.equals("TRUSTED CERTIFICATE")) {
                out.add(certificate(file, b));
            }
        }
        if (out.isEmpty()) {
            throw new TlsException("'" + file + "' holds no certificate (PEM 'BEGIN CERTIFICATE' block)");
        }
        return out;
    }

    /**
     * The names SNI selects {@code leaf} by, as HAProxy 2.6 inserts them: its DNS subjectAltNames, then every
     * CN of its subject.
     */
    static List<String> names(X509Certificate leaf) throws TlsException {
        List<String> out = new ArrayList<>();
        try {
            Collection<List<?>> sans = leaf.getSubjectAlternativeNames();
            if (sans != null) {
                for (List<?> san : sans) {
                    if (Integer.valueOf(2).equals(san.get(0))) { // dNSName
                        out.add(((String) san.get(1)).toLowerCase(Locale.ROOT));
                    }
                }
            }
        } catch (CertificateParsingException e) {
            throw new TlsException("cannot read the subjectAltName of '" + leaf.getSubjectX500Principal() + "'", e);
        }
        try {
            for (Rdn rdn : new LdapName(leaf.getSubjectX500Principal().getName()).getRdns()) {
                if (rdn.getType().equalsIgnoreCase("CN")) {
                    String cn = rdn.getValue().toString().toLowerCase(Locale.ROOT);
                    if (!out.contains(cn)) {
                        out.add(cn);
                    }
                }
            }
        } catch (InvalidNameException e) {
            throw new TlsException("cannot read the subject of a certificate", e);
        }
        return out;
    }

    private record Block(String type, byte[] der) {}

    private static List<Block> blocks(Path file) throws TlsException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new TlsException(
                    "cannot read '" + file + "': "
                            + (e instanceof java.nio.file.NoSuchFileException ? "no such file" : e.getMessage()),
                    e);
        }
        return blocks(file, text);
    }

    private static List<Block> blocks(Path file, String text) throws TlsException {
        List<Block> out = new ArrayList<>();
        Matcher m = BLOCK.matcher(text);
        while (m.find()) {
            String body = m.group(2);
            if (body.contains("Proc-Type:")) {
                throw new TlsException("'" + file + "': encrypted private keys are not supported by hapair-proxy "
                        + "(HAProxy cannot prompt for a pass phrase either)");
            }
            try {
                out.add(new Block(m.group(1), Base64.getMimeDecoder().decode(body)));
            } catch (IllegalArgumentException e) {
                throw new TlsException("'" + file + "': PEM block '" + m.group(1) + "' is not valid base64", e);
            }
        }
        if (out.isEmpty()) {
            throw new TlsException("'" + file + "' holds no PEM block");
        }
        return out;
    }

    /** CA certificates given as text ({@code set ssl ca-file}'s payload); {@code name} for messages. */
    static List<X509Certificate> parseCertificates(Path name, String text) throws TlsException {
        return certificates(name, blocks(name, text));
    }

    /** CRLs given as text ({@code set ssl crl-file}'s payload); {@code name} for messages. */
    static List<java.security.cert.X509CRL> parseCrls(Path name, String text) throws TlsException {
        return crls(name, blocks(name, text));
    }

    /** The {@code X509 CRL} blocks of a {@code crl-file} (at least one). */
    public static List<java.security.cert.X509CRL> loadCrls(Path file) throws TlsException {
        return crls(file, blocks(file));
    }

    private static List<java.security.cert.X509CRL> crls(Path file, List<Block> blocks) throws TlsException {
        List<java.security.cert.X509CRL> out = new ArrayList<>();
        for (Block b : blocks) {
            if (!b.type.equals("X509 CRL")) continue;
            try {
                out.add((java.security.cert.X509CRL)
                        CertificateFactory.getInstance("X.509").generateCRL(new ByteArrayInputStream(b.der)));
            } catch (CertificateException | java.security.cert.CRLException e) {
                throw new TlsException("'" + file + "': invalid CRL: " + e.getMessage(), e);
            }
        }
        if (out.isEmpty()) {
            throw new TlsException("'" + file + "' holds no CRL (PEM 'BEGIN X509 CRL' block)");
        }
        return out;
    }

    private static X509Certificate certificate(Path file, Block b) throws TlsException {
        try {
            return (X509Certificate)
                    CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(b.der));
        } catch (CertificateException e) {
            throw new TlsException("'" + file + "': invalid certificate: " + e.getMessage(), e);
        }
    }

    private static PrivateKey privateKey(Path file, Block b) throws TlsException {
        byte[] pkcs8 =
                switch (b.type) {
                    case "PRIVATE KEY" -> b.der;
                    case "RSA PRIVATE KEY" -> wrapPkcs1(b.der);
                    case "EC PRIVATE KEY" -> wrapSec1(file, b.der);
                    case "ENCRYPTED PRIVATE KEY" -> throw new TlsException(
                            "'" + file + "': encrypted private keys are not " + "supported by hapair-proxy");
                    default -> throw new TlsException(
                            "'" + file + "': '" + b.type + "' keys are not supported by hapair-proxy");
                };
        for (String alg : List.of("RSA", "EC", "Ed25519")) {
            try {
                return KeyFactory.getInstance(alg).generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
            } catch (GeneralSecurityException e) {
                // try the next algorithm
            }
        }
        throw new TlsException("'" + file + "': unreadable private key (RSA, EC and Ed25519 PKCS#8 keys are read)");
    }

    /** id-ecPublicKey (1.2.840.10045.2.1), DER. */
    private static final byte[] EC_PUBLIC_KEY_OID = {0x06, 0x07, 0x2a, (byte) 0x86, 0x48, (byte) 0xce, 0x3d, 0x02, 0x01
    };

    /**
     * SEC1 ECPrivateKey ({@code BEGIN EC PRIVATE KEY}, what {@code openssl ecparam -genkey} writes) -> PKCS#8
     * PrivateKeyInfo { version 0, { id-ecPublicKey, its named curve }, OCTET STRING sec1 }. The curve is the
     * key's own {@code [0] parameters}, which OpenSSL always writes; a key without them is refused.
     */
    static byte[] wrapSec1(Path file, byte[] sec1) throws TlsException {
        byte[] curve = null;
        try {
            // SEQUENCE { INTEGER 1, OCTET STRING key, [0] ECParameters OPTIONAL, [1] BIT STRING OPTIONAL }
            int[] seq = header(sec1, 0);
            if (sec1[0] != 0x30 || seq[0] + seq[1] != sec1.length) throw new IndexOutOfBoundsException();
            int p = seq[0];
            while (p < sec1.length) {
                int[] h = header(sec1, p);
                if ((sec1[p] & 0xff) == 0xa0) {
                    int[] oid = header(sec1, h[0]);
                    if (sec1[h[0]] == 0x06) {
                        curve = java.util.Arrays.copyOfRange(sec1, h[0], oid[0] + oid[1]);
                    }
                }
                p = h[0] + h[1];
            }
        } catch (IndexOutOfBoundsException e) {
            throw new TlsException("'" + file + "': unreadable 'EC PRIVATE KEY' (SEC1) block", e);
        }
        if (curve == null) {
            throw new TlsException("'" + file + "': the 'EC PRIVATE KEY' does not name its curve");
        }
        byte[] version = {0x02, 0x01, 0x00};
        byte[] algorithm = tlv(0x30, concat(EC_PUBLIC_KEY_OID, curve));
        return tlv(0x30, concat(version, algorithm, tlv(0x04, sec1)));
    }

    /** The DER element at {@code at}: {offset of its content, length of its content}. */
    private static int[] header(byte[] der, int at) {
        int len = der[at + 1] & 0xff;
        int p = at + 2;
        if (len >= 0x80) {
            int n = len & 0x7f;
            if (n == 0 || n > 3) throw new IndexOutOfBoundsException();
            len = 0;
            for (int i = 0; i < n; i++) len = (len << 8) | (der[p++] & 0xff);
        }
        if (p + len > der.length) throw new IndexOutOfBoundsException();
        return new int[] {p, len};
    }

    private static byte[] concat(byte[]... parts) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (byte[] b : parts) out.writeBytes(b);
        return out.toByteArray();
    }

    /** PKCS#1 RSAPrivateKey -> PKCS#8 PrivateKeyInfo { version 0, rsaEncryption, OCTET STRING pkcs1 }. */
    static byte[] wrapPkcs1(byte[] pkcs1) {
        byte[] version = {0x02, 0x01, 0x00};
        byte[] octets = tlv(0x04, pkcs1);
        byte[] body = new byte[version.length + RSA_ALGORITHM.length + octets.length];
        System.arraycopy(version, 0, body, 0, version.length);
        System.arraycopy(RSA_ALGORITHM, 0, body, version.length, RSA_ALGORITHM.length);
        System.arraycopy(octets, 0, body, version.length + RSA_ALGORITHM.length, octets.length);
        return tlv(0x30, body);
    }

    private static byte[] tlv(int tag, byte[] value) {
        int n = value.length;
        byte[] len;
        if (n < 0x80) {
            len = new byte[] {(byte) n};
        } else if (n < 0x100) {
            len = new byte[] {(byte) 0x81, (byte) n};
        } else if (n < 0x10000) {
            len = new byte[] {(byte) 0x82, (byte) (n >> 8), (byte) n};
        } else {
            len = new byte[] {(byte) 0x83, (byte) (n >> 16), (byte) (n >> 8), (byte) n};
        }
        byte[] out = new byte[1 + len.length + n];
        out[0] = (byte) tag;
        System.arraycopy(len, 0, out, 1, len.length);
        System.arraycopy(value, 0, out, 1 + len.length, n);
        return out;
    }

    /** The key must be the leaf's: sign a random challenge with it and verify with the certificate. */
    static void checkPair(Path file, X509Certificate leaf, PrivateKey key) throws TlsException {
        String alg =
                switch (key.getAlgorithm()) {
                    case "RSA" -> "SHA256withRSA";
                    case "EC" -> "SHA256withECDSA";
                    default -> key.getAlgorithm();
                };
        try {
            byte[] challenge = new byte[32];
            new SecureRandom().nextBytes(challenge);
            Signature s = Signature.getInstance(alg);
            s.initSign(key);
            s.update(challenge);
            byte[] sig = s.sign();
            Signature v = Signature.getInstance(alg);
            v.initVerify(leaf.getPublicKey());
            v.update(challenge);
            if (v.verify(sig)) {
                return;
            }
        } catch (GeneralSecurityException e) {
            // a key of another type than the certificate's lands here too
        }
        throw new TlsException("'" + file + "': the private key does not match the certificate '"
                + leaf.getSubjectX500Principal().getName() + "'");
    }
}
