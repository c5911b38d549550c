package io.kampachi.common.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.interfaces.RSAPublicKey;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

class PemFilesTest {

    @TempDir
    Path directory;

    @Test
    void keyPairSurvivesAWriteAndRead() throws Exception {
        Path file = directory.resolve("server.key");
        PemFiles.writeKeyPair(file, TestKeys.ALICE);

        KeyPair read = PemFiles.readKeyPair(file);

        assertEquals(TestKeys.ALICE.getPublic(), read.getPublic());
        assertEquals(TestKeys.ALICE.getPrivate(), read.getPrivate());
        assertTrue(Files.readString(file).startsWith("-----BEGIN PRIVATE KEY-----"));
        byte[] signature = RsaKeys.sign(read.getPrivate(), new byte[] {1});
        assertTrue(RsaKeys.verify((RSAPublicKey) TestKeys.ALICE.getPublic(), signature, new byte[] {1}));
    }

    @Test
    void privateKeyFileIsReadableByItsOwnerOnly() throws IOException {
        assumeTrue(directory.getFileSystem().supportedFileAttributeViews().contains("posix"));
        Path file = directory.resolve("server.key");
        Files.writeString(file, "an older, world-readable file");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-rw-rw-"));

        PemFiles.writeKeyPair(file, TestKeys.ALICE);

        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        try (var leftovers = Files.list(directory)) {
            assertEquals(1, leftovers.count());
        }
    }

    @Test
    void publicKeySurvivesAWriteAndRead() throws Exception {
        Path file = directory.resolve("server.pub.pem");
        PemFiles.writePublicKey(file, (RSAPublicKey) TestKeys.ALICE.getPublic());

        assertEquals(TestKeys.ALICE.getPublic(), PemFiles.readPublicKey(file));
        assertTrue(Files.readString(file).startsWith("-----BEGIN PUBLIC KEY-----"));
    }

    @Test
    void pkcs1PrivateKeyIsAlsoRead() throws Exception {
        Path file = directory.resolve("legacy.key");
        try (var writer = new JcaPEMWriter(Files.newBufferedWriter(file))) {
            // Bouncy Castle writes a bare RSA private key in the PKCS#1 "RSA PRIVATE KEY" form.
            writer.writeObject(TestKeys.BOB.getPrivate());
        }
        assertTrue(Files.readString(file).startsWith("-----BEGIN RSA PRIVATE KEY-----"));

        assertEquals(TestKeys.BOB.getPublic(), PemFiles.readKeyPair(file).getPublic());
    }

    @Test
    void wrongOrMalformedContentIsATypedError() throws IOException {
        Path publicKeyFile = directory.resolve("public.pem");
        PemFiles.writePublicKey(publicKeyFile, (RSAPublicKey) TestKeys.ALICE.getPublic());
        Path privateKeyFile = directory.resolve("private.pem");
        PemFiles.writeKeyPair(privateKeyFile, TestKeys.ALICE);
        Path garbage = write("garbage.pem", "not a PEM file at all\n");
        Path badBase64 = write("bad.pem", "-----BEGIN PUBLIC KEY-----\n!!!!\n-----END PUBLIC KEY-----\n");
        Path badDer = write("der.pem", "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n");
        Path unterminated = write("cut.pem", "-----BEGIN PUBLIC KEY-----\nMIIBIjANBgkqhkiG9w0BAQEFAAOC\n");

        assertMalformed(() -> PemFiles.readKeyPair(publicKeyFile));
        assertMalformed(() -> PemFiles.readPublicKey(privateKeyFile));
        for (Path file : new Path[] {garbage, badBase64, badDer, unterminated}) {
            assertMalformed(() -> PemFiles.readKeyPair(file));
            assertMalformed(() -> PemFiles.readPublicKey(file));
        }
    }

    @Test
    void smallRsaKeysAreUnsupported() throws IOException {
        Path file = directory.resolve("small.key");
        PemFiles.writeKeyPair(file, TestKeys.RSA_1024);

        CryptoException rejected = assertThrows(CryptoException.class, () -> PemFiles.readKeyPair(file));
        assertEquals(CryptoException.Reason.UNSUPPORTED_KEY, rejected.reason());
    }

    @Test
    void missingFileIsAnIoError() {
        assertThrows(NoSuchFileException.class, () -> PemFiles.readKeyPair(directory.resolve("absent.key")));
    }

    private Path write(String name, String content) throws IOException {
        return Files.write(directory.resolve(name), content.getBytes(StandardCharsets.US_ASCII));
    }

    private static void assertMalformed(Executable read) {
        CryptoException rejected = assertThrows(CryptoException.class, read);
        assertEquals(CryptoException.Reason.MALFORMED_PEM, rejected.reason());
    }
}
