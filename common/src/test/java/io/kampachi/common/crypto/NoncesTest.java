package io.kampachi.common.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.security.SecureRandom;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class NoncesTest {

    @Test
    void noncesAre1024BitsAndFresh() {
        SecureRandom random = new SecureRandom();
        byte[] first = Nonces.generate(random);
        byte[] second = Nonces.generate(random);

        assertEquals(128, first.length);
        assertFalse(Arrays.equals(first, second));
    }
}
