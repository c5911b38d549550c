package io.kampachi.common.crypto;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;

/** RSA key pairs shared by the tests, generated once because RSA generation is slow. */
final class TestKeys {

    static final KeyPair ALICE = RsaKeys.generate(new SecureRandom());
    static final KeyPair BOB = RsaKeys.generate(new SecureRandom());
    static final KeyPair RSA_1024 = generate("RSA", 1024);
    static final KeyPair EC_P256 = generate("EC", 256);

    private TestKeys() {
    }

    private static KeyPair generate(String algorithm, int size) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm);
            generator.initialize(size);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
