package io.kampachi.common.crypto;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.InvalidAlgorithmParameterException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.RSAKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.RSAKeyGenParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Objects;

/**
 * RSA-2048 keys of crypto suite 1: generation, X.509 SubjectPublicKeyInfo DER encoding, and
 * PKCS#1 v1.5 signatures with SHA-1 (RFC 8017 section 8.2) over a concatenation of byte arrays.
 */
public final class RsaKeys {

    /** Modulus size of every suite 1 key, in bits. */
    public static final int MODULUS_BITS = 2048;

    /** Length of a suite 1 signature in bytes: the modulus length. */
    public static final int SIGNATURE_LENGTH = MODULUS_BITS / Byte.SIZE;

    /** Maximum length of an encoded public key that a receiver accepts. */
    public static final int MAX_ENCODED_LENGTH = 1024;

    private static final String SIGNATURE_ALGORITHM = "SHA1withRSA";

    private RsaKeys() {
    }

    /** Generates an RSA-2048 key pair with public exponent 65537. */
    public static KeyPair generate(SecureRandom random) {
        Objects.requireNonNull(random, "random");
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(new RSAKeyGenParameterSpec(MODULUS_BITS, RSAKeyGenParameterSpec.F4), random);
            return generator.generateKeyPair();
        } catch (NoSuchAlgorithmException | InvalidAlgorithmParameterException e) {
            throw new IllegalStateException("the JDK cannot generate RSA-" + MODULUS_BITS + " keys", e);
        }
    }

    /** Returns the public key's X.509 SubjectPublicKeyInfo DER encoding. */
    public static byte[] encodePublicKey(RSAPublicKey key) {
        byte[] encoded = Objects.requireNonNull(key, "key").getEncoded();
        if (encoded == null) {
            throw new IllegalArgumentException("the key has no X.509 encoding");
        }
        return encoded;
    }

    /**
     * Decodes and checks a public key received from a peer or read from storage.
     *
     * @param encoded X.509 SubjectPublicKeyInfo DER, at most {@value #MAX_ENCODED_LENGTH} bytes,
     *        with no trailing bytes
     * @return the RSA public key
     * @throws CryptoException {@link CryptoException.Reason#MALFORMED_PUBLIC_KEY} if the bytes are
     *         not a canonical DER encoding of an RSA public key, or
     *         {@link CryptoException.Reason#UNSUPPORTED_KEY} if the modulus is not 2048 bits or the
     *         public exponent is not an odd number above 1
     */
    public static RSAPublicKey decodePublicKey(byte[] encoded) throws CryptoException {
        if (encoded == null || encoded.length == 0 || encoded.length > MAX_ENCODED_LENGTH) {
            throw new CryptoException(CryptoException.Reason.MALFORMED_PUBLIC_KEY,
                    "encoded public key must be 1 to " + MAX_ENCODED_LENGTH + " bytes");
        }
        PublicKey key;
        try {
            key = KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(encoded));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no RSA key factory", e);
        } catch (GeneralSecurityException | RuntimeException e) {
            // The JDK's DER parser reports some malformed inputs with unchecked exceptions.
            throw new CryptoException(CryptoException.Reason.MALFORMED_PUBLIC_KEY,
                    "not an X.509 RSA public key: " + e.getMessage(), e);
        }
        if (!(key instanceof RSAPublicKey)) {
            throw new CryptoException(CryptoException.Reason.UNSUPPORTED_KEY, "not an RSA public key");
        }
        if (!Arrays.equals(key.getEncoded(), encoded)) {
            throw new CryptoException(CryptoException.Reason.MALFORMED_PUBLIC_KEY,
                    "public key is not in canonical DER or has trailing bytes");
        }
        RSAPublicKey rsaKey = (RSAPublicKey) key;
        checkSuiteKey(rsaKey);
        BigInteger exponent = rsaKey.getPublicExponent();
        if (!exponent.testBit(0) || exponent.compareTo(BigInteger.ONE) <= 0) {
            throw new CryptoException(CryptoException.Reason.UNSUPPORTED_KEY,
                    "RSA public exponent must be odd and greater than 1");
        }
        return rsaKey;
    }

    /**
     * Signs the concatenation of {@code parts} with PKCS#1 v1.5 and SHA-1.
     *
     * @param key an RSA-2048 private key
     * @param parts the byte arrays whose concatenation is signed, in order
     * @return a {@value #SIGNATURE_LENGTH}-byte signature
     * @throws CryptoException {@link CryptoException.Reason#UNSUPPORTED_KEY} if the key is not
     *         RSA-2048, or {@link CryptoException.Reason#INVALID_PRIVATE_KEY} if the JCE rejects it
     */
    public static byte[] sign(PrivateKey key, byte[]... parts) throws CryptoException {
        Objects.requireNonNull(key, "key");
        if (!(key instanceof RSAKey)) {
            throw new CryptoException(CryptoException.Reason.UNSUPPORTED_KEY, "not an RSA private key");
        }
        checkSuiteKey((RSAKey) key);
        try {
            Signature signer = Signature.getInstance(SIGNATURE_ALGORITHM);
            signer.initSign(key);
            for (byte[] part : parts) {
                signer.update(part);
            }
            return signer.sign();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK does not provide " + SIGNATURE_ALGORITHM, e);
        } catch (GeneralSecurityException e) {
            throw new CryptoException(CryptoException.Reason.INVALID_PRIVATE_KEY,
                    "cannot sign with this key: " + e.getMessage(), e);
        }
    }

    /**
     * Verifies a PKCS#1 v1.5 SHA-1 signature over the concatenation of {@code parts}.
     *
     * @param key the signer's public key
     * @param signature the signature, which fails unless it is {@value #SIGNATURE_LENGTH} bytes
     * @param parts the byte arrays whose concatenation was signed, in order
     * @return whether the signature is valid, {@code false} for a malformed signature or key
     */
    public static boolean verify(RSAPublicKey key, byte[] signature, byte[]... parts) {
        Objects.requireNonNull(key, "key");
        if (signature == null || signature.length != SIGNATURE_LENGTH) {
            return false;
        }
        try {
            Signature verifier = Signature.getInstance(SIGNATURE_ALGORITHM);
            verifier.initVerify(key);
            for (byte[] part : parts) {
                verifier.update(part);
            }
            return verifier.verify(signature);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK does not provide " + SIGNATURE_ALGORITHM, e);
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }

    private static void checkSuiteKey(RSAKey key) throws CryptoException {
        int bits = key.getModulus().bitLength();
        if (bits != MODULUS_BITS) {
            throw new CryptoException(CryptoException.Reason.UNSUPPORTED_KEY,
                    "suite 1 needs an RSA-" + MODULUS_BITS + " key, got " + bits + " bits");
        }
    }
}
