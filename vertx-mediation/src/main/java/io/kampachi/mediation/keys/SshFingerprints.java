package io.kampachi.mediation.keys;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Base64;

/**
 * OpenSSH-style fingerprints of RSA public keys: a digest of the {@code ssh-rsa} public-key blob
 * (RFC 4253 section 6.6: the string {@code ssh-rsa}, then {@code e} and {@code n} as mpints, each
 * prefixed with a 4-byte length).
 */
public final class SshFingerprints {

    private SshFingerprints() {
    }

    public static byte[] md5(PublicKey key) {
        return digest("MD5", blob(key));
    }

    /** Formats MD5 fingerprint bytes as lower-case hex pairs joined by colons. */
    public static String md5Text(byte[] md5) {
        StringBuilder text = new StringBuilder();
        for (byte b : md5) {
            if (text.length() > 0) {
                text.append(':');
            }
            text.append(String.format("%02x", b & 0xFF));
        }
        return text.toString();
    }

    public static String sha256Text(PublicKey key) {
        return "SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(digest("SHA-256", blob(key)));
    }

    private static byte[] blob(PublicKey key) {
        RSAPublicKey rsa = (RSAPublicKey) key;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        writeString(out, "ssh-rsa".getBytes(StandardCharsets.US_ASCII));
        writeMpint(out, rsa.getPublicExponent());
        writeMpint(out, rsa.getModulus());
        return out.toByteArray();
    }

    private static void writeMpint(ByteArrayOutputStream out, BigInteger value) {
        // BigInteger's two's-complement form is exactly the mpint encoding for non-negative values.
        writeString(out, value.toByteArray());
    }

    private static void writeString(ByteArrayOutputStream out, byte[] bytes) {
        out.write(bytes.length >>> 24);
        out.write(bytes.length >>> 16);
        out.write(bytes.length >>> 8);
        out.write(bytes.length);
        out.write(bytes, 0, bytes.length);
    }

    private static byte[] digest(String algorithm, byte[] data) {
        try {
            return MessageDigest.getInstance(algorithm).digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " is missing from the JDK", e);
        }
    }
}
