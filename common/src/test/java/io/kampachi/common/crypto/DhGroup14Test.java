package io.kampachi.common.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class DhGroup14Test {

    /** The 2048-bit MODP group's prime as printed in RFC 3526 section 3. */
    private static final String RFC_3526_GROUP_14_PRIME_HEX = String.join("",
            "FFFFFFFF FFFFFFFF C90FDAA2 2168C234 C4C6628B 80DC1CD1",
            "29024E08 8A67CC74 020BBEA6 3B139B22 514A0879 8E3404DD",
            "EF9519B3 CD3A431B 302B0A6D F25F1437 4FE1356D 6D51C245",
            "E485B576 625E7EC6 F44C42E9 A637ED6B 0BFF5CB6 F406B7ED",
            "EE386BFB 5A899FA5 AE9F2411 7C4B1FE6 49286651 ECE45B3D",
            "C2007CB8 A163BF05 98DA4836 1C55D39A 69163FA8 FD24CF5F",
            "83655D23 DCA3AD96 1C62F356 208552BB 9ED52907 7096966D",
            "670C354E 4ABC9804 F1746C08 CA18217C 32905E46 2E36CE3B",
            "E39E772C 180E8603 9B2783A2 EC07A28F B5C55DF0 6F4C52C9",
            "DE2BCBF6 95581718 3995497C EA956AE5 15D22618 98FA0510",
            "15728E5A 8AACAA68 FFFFFFFF FFFFFFFF").replace(" ", "");

    private static final SecureRandom RANDOM = new SecureRandom();

    @Test
    void primeAndGeneratorMatchRfc3526Group14() {
        assertEquals(new BigInteger(RFC_3526_GROUP_14_PRIME_HEX, 16), DhGroup14.PRIME);
        assertEquals(2048, DhGroup14.PRIME.bitLength());
        // RFC 3526 section 3: "The generator is: 2."
        assertEquals(BigInteger.TWO, DhGroup14.GENERATOR);
    }

    @Test
    void primeIsSafe() {
        BigInteger q = DhGroup14.PRIME.shiftRight(1);
        assertTrue(DhGroup14.PRIME.isProbablePrime(64));
        assertTrue(q.isProbablePrime(64));
    }

    @Test
    void bothSidesAgreeOnTheSameSecret() throws CryptoException {
        DhKeyPair initiator = DhGroup14.generateKeyPair(RANDOM);
        DhKeyPair responder = DhGroup14.generateKeyPair(RANDOM);

        byte[] initiatorSecret = initiator.agree(responder.publicValue());
        byte[] responderSecret = responder.agree(initiator.publicValue());

        assertEquals(DhGroup14.VALUE_LENGTH, initiatorSecret.length);
        assertArrayEquals(initiatorSecret, responderSecret);
    }

    @Test
    void publicValueIsAValidGroupElementOf256Bytes() throws CryptoException {
        byte[] publicValue = DhGroup14.generateKeyPair(RANDOM).publicValue();

        assertEquals(DhGroup14.VALUE_LENGTH, publicValue.length);
        DhGroup14.decodePublicValue(publicValue);
    }

    @Test
    void publicValuesAtTheEdgesOfTheRangeAreAccepted() throws CryptoException {
        DhKeyPair pair = DhGroup14.generateKeyPair(RANDOM);

        assertEquals(DhGroup14.VALUE_LENGTH, pair.agree(DhGroup14.encode(BigInteger.TWO)).length);
        byte[] pMinusTwo = DhGroup14.encode(DhGroup14.PRIME.subtract(BigInteger.TWO));
        assertEquals(DhGroup14.VALUE_LENGTH, pair.agree(pMinusTwo).length);
    }

    @Test
    void publicValuesOutsideTwoToPMinusTwoAreRejected() {
        BigInteger p = DhGroup14.PRIME;
        BigInteger[] invalid = {BigInteger.ZERO, BigInteger.ONE, p.subtract(BigInteger.ONE), p,
            BigInteger.ONE.shiftLeft(2048).subtract(BigInteger.ONE)};
        DhKeyPair pair = DhGroup14.generateKeyPair(RANDOM);
        for (BigInteger value : invalid) {
            CryptoException rejected = assertThrows(CryptoException.class, () -> pair.agree(DhGroup14.encode(value)),
                    value.toString(16));
            assertEquals(CryptoException.Reason.INVALID_DH_PUBLIC_VALUE, rejected.reason());
        }
    }

    @Test
    void publicValuesOfTheWrongLengthAreRejected() {
        byte[] oversize = new byte[DhGroup14.VALUE_LENGTH + 1];
        oversize[DhGroup14.VALUE_LENGTH] = 5;
        byte[] undersize = new byte[DhGroup14.VALUE_LENGTH - 1];
        undersize[0] = 5;
        for (byte[] value : new byte[][] {oversize, undersize, new byte[0], null}) {
            CryptoException rejected = assertThrows(CryptoException.class, () -> DhGroup14.decodePublicValue(value));
            assertEquals(CryptoException.Reason.INVALID_DH_PUBLIC_VALUE, rejected.reason());
        }
    }

    @Test
    void encodeLeftPadsSmallValuesTo256Bytes() {
        byte[] encoded = DhGroup14.encode(BigInteger.valueOf(0x0102));

        assertEquals(DhGroup14.VALUE_LENGTH, encoded.length);
        assertEquals("0102", HexFormat.of().formatHex(encoded, 254, 256));
        for (int i = 0; i < 254; i++) {
            assertEquals(0, encoded[i]);
        }
    }

    @Test
    void encodeDropsTheSignByteOfAFullWidthValue() {
        byte[] encoded = DhGroup14.encode(DhGroup14.PRIME);

        assertEquals(DhGroup14.VALUE_LENGTH, encoded.length);
        assertEquals(DhGroup14.PRIME, new BigInteger(1, encoded));
    }

    @Test
    void publicValueAccessorReturnsACopy() {
        DhKeyPair pair = DhGroup14.generateKeyPair(RANDOM);
        byte[] first = pair.publicValue();
        first[0] ^= 1;

        assertEquals(first[0] ^ 1, pair.publicValue()[0]);
    }
}
