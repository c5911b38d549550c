package io.kampachi.common.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.interfaces.RSAPublicKey;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RsaKeysTest {

    private static final RSAPublicKey ALICE_PUBLIC = (RSAPublicKey) TestKeys.ALICE.getPublic();
    private static final byte[] SUITE = {1};
    private static final byte[] NI = "initiator nonce".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NR = "responder nonce".getBytes(StandardCharsets.US_ASCII);

    @Test
    void generatedKeysAre2048BitsWithExponent65537() {
        assertEquals(2048, ALICE_PUBLIC.getModulus().bitLength());
        assertEquals(65537, ALICE_PUBLIC.getPublicExponent().intValueExact());
    }

    @Test
    void signatureOverPartsVerifies() throws CryptoException {
        byte[] signature = RsaKeys.sign(TestKeys.ALICE.getPrivate(), SUITE, NI, NR);

        assertEquals(RsaKeys.SIGNATURE_LENGTH, signature.length);
        assertTrue(RsaKeys.verify(ALICE_PUBLIC, signature, SUITE, NI, NR));
    }

    @Test
    void signatureCoversTheConcatenationNotThePartBoundaries() throws CryptoException {
        byte[] signature = RsaKeys.sign(TestKeys.ALICE.getPrivate(), SUITE, NI, NR);
        byte[] joined = new byte[1 + NI.length + NR.length];
        joined[0] = 1;
        System.arraycopy(NI, 0, joined, 1, NI.length);
        System.arraycopy(NR, 0, joined, 1 + NI.length, NR.length);

        assertTrue(RsaKeys.verify(ALICE_PUBLIC, signature, joined));
    }

    @Test
    void everyChangedByteOfTheSignedDataFailsVerification() throws CryptoException {
        byte[] signature = RsaKeys.sign(TestKeys.ALICE.getPrivate(), SUITE, NI, NR);
        for (int i = 0; i < NI.length; i++) {
            byte[] changed = NI.clone();
            changed[i] ^= 0x01;
            assertFalse(RsaKeys.verify(ALICE_PUBLIC, signature, SUITE, changed, NR), "byte " + i);
        }
        assertFalse(RsaKeys.verify(ALICE_PUBLIC, signature, new byte[] {2}, NI, NR));
        assertFalse(RsaKeys.verify(ALICE_PUBLIC, signature, SUITE, NR, NI));
    }

    @Test
    void everyChangedByteOfTheSignatureFailsVerification() throws CryptoException {
        byte[] signature = RsaKeys.sign(TestKeys.ALICE.getPrivate(), SUITE, NI, NR);
        for (int i = 0; i < signature.length; i++) {
            byte[] changed = signature.clone();
            changed[i] ^= 0x40;
            assertFalse(RsaKeys.verify(ALICE_PUBLIC, changed, SUITE, NI, NR), "byte " + i);
        }
    }

    @Test
    void malformedSignaturesReturnFalseInsteadOfThrowing() throws CryptoException {
        byte[] signature = RsaKeys.sign(TestKeys.ALICE.getPrivate(), NI);
        byte[] allOnes = new byte[RsaKeys.SIGNATURE_LENGTH];
        Arrays.fill(allOnes, (byte) 0xff);
        byte[] randomBytes = new byte[RsaKeys.SIGNATURE_LENGTH];
        new Random(7).nextBytes(randomBytes);

        assertFalse(RsaKeys.verify(ALICE_PUBLIC, null, NI));
        assertFalse(RsaKeys.verify(ALICE_PUBLIC, new byte[0], NI));
        assertFalse(RsaKeys.verify(ALICE_PUBLIC, Arrays.copyOf(signature, 255), NI));
        assertFalse(RsaKeys.verify(ALICE_PUBLIC, Arrays.copyOf(signature, 257), NI));
        assertFalse(RsaKeys.verify(ALICE_PUBLIC, allOnes, NI));
        assertFalse(RsaKeys.verify(ALICE_PUBLIC, new byte[RsaKeys.SIGNATURE_LENGTH], NI));
        assertFalse(RsaKeys.verify(ALICE_PUBLIC, randomBytes, NI));
    }

    @Test
    void anotherKeysSignatureFailsVerification() throws CryptoException {
        byte[] signature = RsaKeys.sign(TestKeys.BOB.getPrivate(), NI);

        assertFalse(RsaKeys.verify(ALICE_PUBLIC, signature, NI));
    }

    @Test
    void signingWithANon2048BitKeyIsRejected() {
        CryptoException small = assertThrows(CryptoException.class,
                () -> RsaKeys.sign(TestKeys.RSA_1024.getPrivate(), NI));
        CryptoException ec = assertThrows(CryptoException.class, () -> RsaKeys.sign(TestKeys.EC_P256.getPrivate(), NI));

        assertEquals(CryptoException.Reason.UNSUPPORTED_KEY, small.reason());
        assertEquals(CryptoException.Reason.UNSUPPORTED_KEY, ec.reason());
    }

    @Test
    void encodedPublicKeyDecodesToTheSameKey() throws CryptoException {
        byte[] encoded = RsaKeys.encodePublicKey(ALICE_PUBLIC);
        RSAPublicKey decoded = RsaKeys.decodePublicKey(encoded);

        assertEquals(ALICE_PUBLIC.getModulus(), decoded.getModulus());
        assertEquals(ALICE_PUBLIC.getPublicExponent(), decoded.getPublicExponent());
        assertTrue(encoded.length <= RsaKeys.MAX_ENCODED_LENGTH);
    }

    @Test
    void everyTruncationOfAnEncodedKeyIsRejectedWithATypedError() {
        byte[] encoded = RsaKeys.encodePublicKey(ALICE_PUBLIC);
        for (int length = 0; length < encoded.length; length++) {
            byte[] truncated = Arrays.copyOf(encoded, length);
            CryptoException rejected = assertThrows(CryptoException.class, () -> RsaKeys.decodePublicKey(truncated),
                    "length " + length);
            assertEquals(CryptoException.Reason.MALFORMED_PUBLIC_KEY, rejected.reason());
        }
    }

    @Test
    void trailingBytesAfterAnEncodedKeyAreRejected() {
        byte[] encoded = Arrays.copyOf(RsaKeys.encodePublicKey(ALICE_PUBLIC), 295);

        CryptoException rejected = assertThrows(CryptoException.class, () -> RsaKeys.decodePublicKey(encoded));
        assertEquals(CryptoException.Reason.MALFORMED_PUBLIC_KEY, rejected.reason());
    }

    @Test
    void randomBytesAreRejectedWithATypedError() {
        Random random = new Random(42);
        byte[] template = RsaKeys.encodePublicKey(ALICE_PUBLIC);
        for (int i = 0; i < 2000; i++) {
            byte[] input;
            if (i % 2 == 0) {
                input = new byte[random.nextInt(RsaKeys.MAX_ENCODED_LENGTH + 1)];
                random.nextBytes(input);
            } else {
                // A few flipped bits in a real key reach deeper into the DER parser than noise does.
                input = template.clone();
                input[random.nextInt(input.length)] ^= (byte) (1 << random.nextInt(8));
                input[random.nextInt(input.length)] ^= (byte) (1 << random.nextInt(8));
            }
            byte[] candidate = input;
            try {
                RSAPublicKey key = RsaKeys.decodePublicKey(candidate);
                assertEquals(2048, key.getModulus().bitLength());
            } catch (CryptoException expected) {
                // Typed rejection is the point of the test.
            }
        }
    }

    @Test
    void keysOtherThanRsa2048AreUnsupported() {
        byte[] small = TestKeys.RSA_1024.getPublic().getEncoded();
        byte[] ec = TestKeys.EC_P256.getPublic().getEncoded();

        CryptoException smallRejected = assertThrows(CryptoException.class, () -> RsaKeys.decodePublicKey(small));
        CryptoException ecRejected = assertThrows(CryptoException.class, () -> RsaKeys.decodePublicKey(ec));

        assertEquals(CryptoException.Reason.UNSUPPORTED_KEY, smallRejected.reason());
        assertEquals(CryptoException.Reason.MALFORMED_PUBLIC_KEY, ecRejected.reason());
    }

    @Test
    void oversizeAndEmptyInputsAreRejected() {
        for (byte[] input : new byte[][] {null, new byte[0], new byte[RsaKeys.MAX_ENCODED_LENGTH + 1]}) {
            CryptoException rejected = assertThrows(CryptoException.class, () -> RsaKeys.decodePublicKey(input));
            assertEquals(CryptoException.Reason.MALFORMED_PUBLIC_KEY, rejected.reason());
        }
    }
}
