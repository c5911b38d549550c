package io.kampachi.client.state;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPublicKey;
import java.util.Base64;
import java.util.HexFormat;

/**
 * OpenSSH-style fingerprints of an RSA public key, computed over its {@code ssh-rsa} public-key blob
 * (RFC 4253, section 6.6: the string "ssh-rsa", then the exponent and the modulus as mpints).
 */
public final class KeyFingerprints {

    private KeyFingerprints() {
    }

    /** Returns the 16-byte MD5 fingerprint that HELO carries. */
    public static byte[] md5(RSAPublicKey key) {
        return digest("MD5", sshRsaBlob(key));
    }

    /** Returns the MD5 fingerprint as colon-separated lower-case hex. */
    public static String md5Text(RSAPublicKey key) {
        return HexFormat.ofDelimiter(":").formatHex(md5(key));
    }

    /** Returns the SHA-256 fingerprint as {@code SHA256:} and unpadded base64, the form shown to people. */
    public static String sha256Text(RSAPublicKey key) {
        return "SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(digest("SHA-256", sshRsaBlob(key)));
    }

    /**
     * Returns true if {@code pinned} is the key's SHA256 form, or its MD5 form with or without an {@code MD5:}
     * prefix (hex digits in either case).
     */
    public static boolean matches(RSAPublicKey key, String pinned) {
        if (pinned.startsWith("SHA256:")) {
            return MessageDigest.isEqual(pinned.getBytes(StandardCharsets.US_ASCII),
                    sha256Text(key).getBytes(StandardCharsets.US_ASCII));
        }
        String hex = pinned.startsWith("MD5:") ? pinned.substring(4) : pinned;
        return hex.equalsIgnoreCase(md5Text(key));
    }

    /** Returns the {@code ssh-rsa} public-key blob. */
    public static byte[] sshRsaBlob(RSAPublicKey key) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        writeString(out, "ssh-rsa".getBytes(StandardCharsets.US_ASCII));
        writeString(out, mpint(key.getPublicExponent()));
        writeString(out, mpint(key.getModulus()));
        return out.toByteArray();
    }

    private static byte[] mpint(BigInteger value) {
        return value.toByteArray();
    }

    private static void writeString(ByteArrayOutputStream out, byte[] value) {
        out.write(value.length >>> 24);
        out.write(value.length >>> 16);
        out.write(value.length >>> 8);
        out.write(value.length);
        out.writeBytes(value);
    }

    private static byte[] digest(String algorithm, byte[] data) {
        try {
            return MessageDigest.getInstance(algorithm).digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " is missing from this JDK", e);
        }
    }
}
