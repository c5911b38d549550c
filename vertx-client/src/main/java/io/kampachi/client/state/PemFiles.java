package io.kampachi.client.state;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/**
 * Reads and writes RSA keys as PEM text: {@code PRIVATE KEY} (PKCS#8) and {@code PUBLIC KEY} (X.509
 * SubjectPublicKeyInfo). A public key file may also hold the bare base64 of the DER encoding.
 */
public final class PemFiles {

    private static final String PRIVATE_LABEL = "PRIVATE KEY";
    private static final String PUBLIC_LABEL = "PUBLIC KEY";

    private PemFiles() {
    }

    /** Encodes DER bytes as PEM text with the given label, 64 base64 characters per line. */
    public static String encode(String label, byte[] der) {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
        return "-----BEGIN " + label + "-----\n" + body + "\n-----END " + label + "-----\n";
    }

    /** Encodes a private key as PKCS#8 PEM. */
    public static String encodePrivate(PrivateKey key) {
        return encode(PRIVATE_LABEL, key.getEncoded());
    }

    /** Encodes a public key as SubjectPublicKeyInfo PEM. */
    public static String encodePublic(PublicKey key) {
        return encode(PUBLIC_LABEL, key.getEncoded());
    }

    /**
     * Reads an RSA private key from a PKCS#8 PEM file.
     *
     * @throws IOException if the file cannot be read or holds no valid RSA private key; the message names the file
     */
    public static PrivateKey readPrivate(Path file) throws IOException {
        byte[] der = decode(Files.readString(file, StandardCharsets.US_ASCII), PRIVATE_LABEL, file);
        try {
            return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der));
        } catch (GeneralSecurityException e) {
            throw new IOException(file + ": not an RSA private key: " + e.getMessage(), e);
        }
    }

    /**
     * Reads an RSA public key from a PEM file or a file with the base64 of its SubjectPublicKeyInfo.
     *
     * @throws IOException if the file cannot be read or holds no valid RSA public key; the message names the file
     */
    public static RSAPublicKey readPublic(Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.US_ASCII);
        byte[] der = text.contains("-----BEGIN") ? decode(text, PUBLIC_LABEL, file) : base64(text.strip(), file);
        return publicFromDer(der, file.toString());
    }

    /**
     * Decodes an RSA public key from SubjectPublicKeyInfo DER.
     *
     * @throws IOException if the bytes are no RSA public key; the message starts with {@code source}
     */
    public static RSAPublicKey publicFromDer(byte[] der, String source) throws IOException {
        try {
            PublicKey key = KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(der));
            return (RSAPublicKey) key;
        } catch (GeneralSecurityException | ClassCastException e) {
            throw new IOException(source + ": not an RSA public key: " + e.getMessage(), e);
        }
    }

    private static byte[] decode(String text, String label, Path file) throws IOException {
        String begin = "-----BEGIN " + label + "-----";
        String end = "-----END " + label + "-----";
        int from = text.indexOf(begin);
        int to = text.indexOf(end);
        if (from < 0 || to < from) {
            throw new IOException(file + ": no '" + begin + "' block");
        }
        return base64(text.substring(from + begin.length(), to).replaceAll("\\s", ""), file);
    }

    private static byte[] base64(String text, Path file) throws IOException {
        try {
            return Base64.getDecoder().decode(text.replaceAll("\\s", ""));
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": invalid base64: " + e.getMessage(), e);
        }
    }
}
