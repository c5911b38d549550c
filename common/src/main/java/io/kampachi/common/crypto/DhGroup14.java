package io.kampachi.common.crypto;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.Objects;

/**
 * The 2048-bit MODP group of RFC 3526 (group 14, generator 2) with Kampachi's encoding of its
 * values: 256 bytes, big-endian, left-padded with zeros.
 *
 * <p>The prime is {@code 2^2048 - 2^1984 - 1 + 2^64 * (floor(2^1918 * pi) + 124476)}. It is a safe
 * prime, {@code p = 2q + 1} with {@code q} prime, which is why a peer value in {@code [2, p-2]}
 * cannot fall into a subgroup of order 1 or 2.
 */
public final class DhGroup14 {

    /** The group's prime modulus {@code p}, from RFC 3526 section 3. */
    public static final BigInteger PRIME = new BigInteger(
            "FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD1"
            + "29024E088A67CC74020BBEA63B139B22514A08798E3404DD"
            + "EF9519B3CD3A431B302B0A6DF25F14374FE1356D6D51C245"
            + "E485B576625E7EC6F44C42E9A637ED6B0BFF5CB6F406B7ED"
            + "EE386BFB5A899FA5AE9F24117C4B1FE649286651ECE45B3D"
            + "C2007CB8A163BF0598DA48361C55D39A69163FA8FD24CF5F"
            + "83655D23DCA3AD961C62F356208552BB9ED529077096966D"
            + "670C354E4ABC9804F1746C08CA18217C32905E462E36CE3B"
            + "E39E772C180E86039B2783A2EC07A28FB5C55DF06F4C52C9"
            + "DE2BCBF6955817183995497CEA956AE515D2261898FA0510"
            + "15728E5A8AACAA68FFFFFFFFFFFFFFFF", 16);

    /** The group's generator, 2. */
    public static final BigInteger GENERATOR = BigInteger.TWO;

    /** Length in bytes of an encoded public value and of the shared secret {@code K}. */
    public static final int VALUE_LENGTH = 256;

    /** Order of the prime-order subgroup, {@code (p - 1) / 2}; private exponents lie below it. */
    private static final BigInteger SUBGROUP_ORDER = PRIME.shiftRight(1);

    private static final BigInteger MAX_PUBLIC_VALUE = PRIME.subtract(BigInteger.TWO);

    private DhGroup14() {
    }

    /**
     * Generates a key pair with a private exponent drawn uniformly from {@code [2, q-1]}.
     *
     * @param random the source of the private exponent
     * @return a fresh key pair, which costs one 2048-bit modular exponentiation
     */
    public static DhKeyPair generateKeyPair(SecureRandom random) {
        Objects.requireNonNull(random, "random");
        BigInteger exponent;
        do {
            exponent = new BigInteger(SUBGROUP_ORDER.bitLength(), random);
        } while (exponent.compareTo(BigInteger.TWO) < 0 || exponent.compareTo(SUBGROUP_ORDER) >= 0);
        return new DhKeyPair(exponent, GENERATOR.modPow(exponent, PRIME));
    }

    /**
     * Decodes a peer's public value and checks that it lies in {@code [2, p-2]}.
     *
     * @param encoded exactly {@value #VALUE_LENGTH} big-endian bytes
     * @return the value as a non-negative integer
     * @throws CryptoException with {@link CryptoException.Reason#INVALID_DH_PUBLIC_VALUE} if the
     *         length or the range is wrong
     */
    public static BigInteger decodePublicValue(byte[] encoded) throws CryptoException {
        if (encoded == null || encoded.length != VALUE_LENGTH) {
            throw new CryptoException(CryptoException.Reason.INVALID_DH_PUBLIC_VALUE,
                    "DH public value must be " + VALUE_LENGTH + " bytes, got "
                    + (encoded == null ? "none" : encoded.length));
        }
        BigInteger value = new BigInteger(1, encoded);
        if (value.compareTo(BigInteger.TWO) < 0 || value.compareTo(MAX_PUBLIC_VALUE) > 0) {
            throw new CryptoException(CryptoException.Reason.INVALID_DH_PUBLIC_VALUE,
                    "DH public value lies outside [2, p-2]");
        }
        return value;
    }

    /**
     * Encodes a group element as {@value #VALUE_LENGTH} big-endian bytes, left-padded with zeros.
     *
     * @throws IllegalArgumentException if the value is negative or does not fit
     */
    static byte[] encode(BigInteger value) {
        if (value.signum() < 0 || value.bitLength() > VALUE_LENGTH * Byte.SIZE) {
            throw new IllegalArgumentException("value does not fit in " + VALUE_LENGTH + " bytes");
        }
        byte[] minimal = value.toByteArray();
        byte[] out = new byte[VALUE_LENGTH];
        // toByteArray may add a leading zero sign byte, so copy only the low VALUE_LENGTH bytes.
        int copy = Math.min(minimal.length, VALUE_LENGTH);
        System.arraycopy(minimal, minimal.length - copy, out, VALUE_LENGTH - copy, copy);
        return out;
    }
}
