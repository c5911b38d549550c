package io.kampachi.common.crypto;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.RSAPublicKeySpec;
import java.util.EnumSet;
import java.util.Objects;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;

/**
 * PEM files (RFC 7468) for RSA-2048 keys.
 *
 * <p>A key pair is stored as its private key alone, unencrypted PKCS#8 ({@code PRIVATE KEY}),
 * because an RSA private key in CRT form carries the public modulus and exponent. Reading also
 * accepts PKCS#1 ({@code RSA PRIVATE KEY}). A public key is stored as X.509 SubjectPublicKeyInfo
 * ({@code PUBLIC KEY}), which {@code ssh-keygen -i -m PKCS8} imports.
 *
 * <p>Files are written to a temporary file in the target directory and then moved over the target,
 * so a reader never sees half a key. On a file system with POSIX permissions the private key file
 * is created with mode 0600 before any key byte is written to it.
 */
public final class PemFiles {

    private static final FileAttribute<?>[] NO_ATTRIBUTES = {};

    private PemFiles() {
    }

    /**
     * Writes a key pair's private key as PKCS#8 PEM, readable by its owner only where the file
     * system has POSIX permissions. An existing file is replaced.
     */
    public static void writeKeyPair(Path file, KeyPair keyPair) throws IOException {
        Objects.requireNonNull(keyPair, "keyPair");
        StringWriter text = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
            writer.writeObject(new JcaPKCS8Generator(keyPair.getPrivate(), null));
        }
        writeAtomically(file, text.toString(), true);
    }

    /** Writes a public key as X.509 SubjectPublicKeyInfo PEM. An existing file is replaced. */
    public static void writePublicKey(Path file, RSAPublicKey key) throws IOException {
        Objects.requireNonNull(key, "key");
        StringWriter text = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
            writer.writeObject(key);
        }
        writeAtomically(file, text.toString(), false);
    }

    /**
     * Reads an RSA-2048 key pair from a PKCS#8 or PKCS#1 private key PEM file.
     *
     * @throws IOException if the file cannot be read
     * @throws CryptoException {@link CryptoException.Reason#MALFORMED_PEM} if the file contains no
     *         unencrypted RSA private key in CRT form, or
     *         {@link CryptoException.Reason#UNSUPPORTED_KEY} if the key is not 2048 bits
     */
    public static KeyPair readKeyPair(Path file) throws IOException, CryptoException {
        Object pem = parseFirstObject(file);
        PrivateKeyInfo info;
        if (pem instanceof PrivateKeyInfo) {
            info = (PrivateKeyInfo) pem;
        } else if (pem instanceof PEMKeyPair) {
            info = ((PEMKeyPair) pem).getPrivateKeyInfo();
        } else {
            throw new CryptoException(CryptoException.Reason.MALFORMED_PEM,
                    file + " contains no unencrypted private key");
        }
        PrivateKey privateKey;
        try {
            privateKey = new JcaPEMKeyConverter().getPrivateKey(info);
        } catch (IOException | RuntimeException e) {
            throw new CryptoException(CryptoException.Reason.MALFORMED_PEM,
                    file + " contains an unreadable private key", e);
        }
        if (!(privateKey instanceof RSAPrivateCrtKey)) {
            throw new CryptoException(CryptoException.Reason.MALFORMED_PEM,
                    file + " contains no RSA private key in CRT form");
        }
        RSAPrivateCrtKey rsaKey = (RSAPrivateCrtKey) privateKey;
        RSAPublicKey publicKey = derivePublicKey(rsaKey);
        // Re-encoding through decodePublicKey applies the same checks as a key from the wire.
        return new KeyPair(RsaKeys.decodePublicKey(publicKey.getEncoded()), rsaKey);
    }

    /**
     * Reads an RSA-2048 public key from an X.509 SubjectPublicKeyInfo PEM file.
     *
     * @throws IOException if the file cannot be read
     * @throws CryptoException {@link CryptoException.Reason#MALFORMED_PEM} if the file contains no
     *         public key, or a reason from {@link RsaKeys#decodePublicKey(byte[])}
     */
    public static RSAPublicKey readPublicKey(Path file) throws IOException, CryptoException {
        Object pem = parseFirstObject(file);
        if (!(pem instanceof SubjectPublicKeyInfo)) {
            throw new CryptoException(CryptoException.Reason.MALFORMED_PEM, file + " contains no public key");
        }
        return RsaKeys.decodePublicKey(((SubjectPublicKeyInfo) pem).getEncoded());
    }

    private static RSAPublicKey derivePublicKey(RSAPrivateCrtKey key) throws CryptoException {
        try {
            return (RSAPublicKey) KeyFactory.getInstance("RSA")
                    .generatePublic(new RSAPublicKeySpec(key.getModulus(), key.getPublicExponent()));
        } catch (GeneralSecurityException e) {
            throw new CryptoException(CryptoException.Reason.MALFORMED_PEM,
                    "cannot derive the public key from the private key", e);
        }
    }

    private static Object parseFirstObject(Path file) throws IOException, CryptoException {
        // Reading and parsing are separate steps so that I/O failures stay IOExceptions and
        // parse failures, which Bouncy Castle also reports as IOExceptions, become CryptoExceptions.
        String text = new String(Files.readAllBytes(file), StandardCharsets.US_ASCII);
        try (PEMParser parser = new PEMParser(new StringReader(text))) {
            Object pem = parser.readObject();
            if (pem == null) {
                throw new CryptoException(CryptoException.Reason.MALFORMED_PEM, file + " contains no PEM object");
            }
            return pem;
        } catch (IOException | RuntimeException e) {
            throw new CryptoException(CryptoException.Reason.MALFORMED_PEM, file + " is not valid PEM", e);
        }
    }

    private static void writeAtomically(Path file, String text, boolean ownerOnly) throws IOException {
        Path target = file.toAbsolutePath();
        Path directory = target.getParent();
        boolean posix = target.getFileSystem().supportedFileAttributeViews().contains("posix");
        FileAttribute<?>[] attributes = NO_ATTRIBUTES;
        if (posix) {
            EnumSet<PosixFilePermission> mode = ownerOnly
                    ? EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE)
                    : EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE,
                            PosixFilePermission.GROUP_READ, PosixFilePermission.OTHERS_READ);
            attributes = new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(mode)};
        }
        Path temporary = Files.createTempFile(directory, "." + target.getFileName(), ".tmp", attributes);
        try {
            Files.write(temporary, text.getBytes(StandardCharsets.US_ASCII));
            if (posix && !ownerOnly) {
                // The umask filters the mode given at creation, so set the intended mode explicitly.
                Files.setPosixFilePermissions(temporary, PosixFilePermissions.fromString("rw-r--r--"));
            }
            try {
                Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temporary);
        }
    }
}
