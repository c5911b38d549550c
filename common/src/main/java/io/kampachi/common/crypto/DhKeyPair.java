package io.kampachi.common.crypto;

import java.math.BigInteger;

/**
 * One side's Diffie-Hellman key pair in {@link DhGroup14}. Use a pair for one handshake only.
 *
 * <p>NOTE: the private exponent is a {@link BigInteger}, which is immutable, so it cannot be
 * wiped. It becomes unreachable together with this object.
 */
public final class DhKeyPair {

    private final BigInteger privateExponent;
    private final byte[] publicValue;

    DhKeyPair(BigInteger privateExponent, BigInteger publicValue) {
        this.privateExponent = privateExponent;
        this.publicValue = DhGroup14.encode(publicValue);
    }

    /** Returns a copy of the public value, {@value DhGroup14#VALUE_LENGTH} bytes big-endian. */
    public byte[] publicValue() {
        return publicValue.clone();
    }

    /**
     * Computes the shared secret {@code K} with a peer's public value.
     *
     * @param peerPublicValue the peer's {@value DhGroup14#VALUE_LENGTH}-byte public value
     * @return {@code K} as {@value DhGroup14#VALUE_LENGTH} big-endian bytes, left-padded with zeros;
     *         the caller owns the array and should wipe it after deriving keys
     * @throws CryptoException with {@link CryptoException.Reason#INVALID_DH_PUBLIC_VALUE} if the
     *         peer's value has the wrong length or lies outside {@code [2, p-2]}
     */
    public byte[] agree(byte[] peerPublicValue) throws CryptoException {
        BigInteger peer = DhGroup14.decodePublicValue(peerPublicValue);
        return DhGroup14.encode(peer.modPow(privateExponent, DhGroup14.PRIME));
    }

    @Override
    public String toString() {
        return "DhKeyPair[group 14]";
    }
}
