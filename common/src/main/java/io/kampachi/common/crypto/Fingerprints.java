package io.kampachi.common.crypto;

import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPublicKey;
import java.util.Base64;
import java.util.Objects;
import org.bouncycastle.crypto.params.RSAKeyParameters;
import org.bouncycastle.crypto.util.OpenSSHPublicKeyUtil;

/**
 * OpenSSH-style fingerprints of RSA public keys, computed over the {@code ssh-rsa} public-key blob
 * of RFC 4253 section 6.6 ({@code string "ssh-rsa" | mpint e | mpint n}). The text forms match
 * what {@code ssh-keygen -l -E md5} and {@code ssh-keygen -l -E sha256} print.
 */
public final class Fingerprints {

    /** Length of an MD5 fingerprint in bytes, as carried in HELO. */
    public static final int MD5_LENGTH = 16;

    private static final char[] HEX_DIGITS = "0123456789abcdef".toCharArray();

    private Fingerprints() {
    }

    /** Returns the key's {@code ssh-rsa} public-key blob. */
    public static byte[] sshPublicKeyBlob(RSAPublicKey key) {
        Objects.requireNonNull(key, "key");
        try {
            return OpenSSHPublicKeyUtil.encodePublicKey(
                    new RSAKeyParameters(false, key.getModulus(), key.getPublicExponent()));
        } catch (IOException e) {
            throw new IllegalStateException("Bouncy Castle cannot encode an RSA public key for OpenSSH", e);
        }
    }

    /** Returns the 16-byte MD5 fingerprint of the key. */
    public static byte[] md5(RSAPublicKey key) {
        return digest("MD5", sshPublicKeyBlob(key));
    }

    /** Returns the MD5 fingerprint as colon-separated lowercase hex, such as {@code 3f:0a:...}. */
    public static String md5Hex(RSAPublicKey key) {
        return colonHex(md5(key));
    }

    /** Returns the MD5 fingerprint as {@code ssh-keygen -E md5} prints it: {@code MD5:3f:0a:...}. */
    public static String md5Text(RSAPublicKey key) {
        return "MD5:" + md5Hex(key);
    }

    /** Returns the 32-byte SHA-256 fingerprint of the key. */
    public static byte[] sha256(RSAPublicKey key) {
        return digest("SHA-256", sshPublicKeyBlob(key));
    }

    /** Returns the SHA-256 fingerprint as {@code ssh-keygen} prints it: {@code SHA256:} and unpadded base64. */
    public static String sha256Text(RSAPublicKey key) {
        return "SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(sha256(key));
    }

    /** Formats bytes as colon-separated lowercase hex, such as a fingerprint received in HELO. */
    public static String colonHex(byte[] bytes) {
        StringBuilder text = new StringBuilder(Math.max(0, bytes.length * 3 - 1));
        for (int i = 0; i < bytes.length; i++) {
            if (i > 0) {
                text.append(':');
            }
            text.append(HEX_DIGITS[(bytes[i] >> 4) & 0xf]).append(HEX_DIGITS[bytes[i] & 0xf]);
        }
        return text.toString();
    }

    private static byte[] digest(String algorithm, byte[] input) {
        try {
            return MessageDigest.getInstance(algorithm).digest(input);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK does not provide " + algorithm, e);
        }
    }
}
