package io.kampachi.common.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Checks KEYMAT against keymat-expected.txt, which keymat_reference.py beside it computes with
 * Python's hmac and hashlib modules, an implementation independent of the JCE.
 */
class KeymatTest {

    private static final int[] LENGTHS = {0, 1, 20, 21, 104, 5100};

    @Test
    void keymatMatchesTheIndependentPythonComputation() throws IOException {
        Map<String, byte[]> values = loadExpected();
        int checked = 0;
        for (String name : new String[] {"leading-zero", "hash-chain"}) {
            byte[] k = values.get(name + ".k");
            byte[] ni = values.get(name + ".ni");
            byte[] nr = values.get(name + ".nr");
            for (int length : LENGTHS) {
                byte[] expected = values.get(name + ".keymat." + length);
                assertArrayEquals(expected, Keymat.expand(k, ni, nr, length), name + " length " + length);
                checked++;
            }
        }
        assertEquals(12, checked);
    }

    @Test
    void sessionKeysAreTheFirst104BytesOfKeymat() throws IOException {
        Map<String, byte[]> values = loadExpected();
        byte[] keymat = values.get("hash-chain.keymat.104");
        SessionKeys keys = SessionKeys.derive(values.get("hash-chain.k"), values.get("hash-chain.ni"),
                values.get("hash-chain.nr"));

        assertArrayEquals(slice(keymat, 0, 32), keys.initiatorToResponder().encryptionKey());
        assertArrayEquals(slice(keymat, 32, 52), keys.initiatorToResponder().macKey());
        assertArrayEquals(slice(keymat, 52, 84), keys.responderToInitiator().encryptionKey());
        assertArrayEquals(slice(keymat, 84, 104), keys.responderToInitiator().macKey());
    }

    @Test
    void maximumLengthIs255Blocks() {
        byte[] k = {1, 2, 3};
        byte[] nonce = new byte[Nonces.LENGTH];

        assertEquals(255 * 20, Keymat.expand(k, nonce, nonce, Keymat.MAX_LENGTH).length);
        assertThrows(IllegalArgumentException.class, () -> Keymat.expand(k, nonce, nonce, Keymat.MAX_LENGTH + 1));
        assertThrows(IllegalArgumentException.class, () -> Keymat.expand(k, nonce, nonce, -1));
        assertThrows(IllegalArgumentException.class, () -> Keymat.expand(new byte[0], nonce, nonce, 20));
    }

    @Test
    void swappingTheNoncesChangesKeymat() {
        byte[] k = {9, 9, 9};
        byte[] ni = {1};
        byte[] nr = {2};

        assertFalse(Arrays.equals(Keymat.expand(k, ni, nr, 20), Keymat.expand(k, nr, ni, 20)));
    }

    private static byte[] slice(byte[] bytes, int from, int to) {
        return Arrays.copyOfRange(bytes, from, to);
    }

    private static Map<String, byte[]> loadExpected() throws IOException {
        Map<String, byte[]> values = new LinkedHashMap<>();
        try (InputStream in = KeymatTest.class.getResourceAsStream("/keymat/keymat-expected.txt")) {
            if (in == null) {
                throw new IOException("keymat/keymat-expected.txt is missing from the test class path");
            }
            for (String line : new String(in.readAllBytes(), StandardCharsets.US_ASCII).split("\n")) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                int equals = line.indexOf('=');
                values.put(line.substring(0, equals), HexFormat.of().parseHex(line.substring(equals + 1)));
            }
        }
        return values;
    }
}
