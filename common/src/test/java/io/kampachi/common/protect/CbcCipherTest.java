package io.kampachi.common.protect;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HexFormat;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/** CBC-AES256 vectors of NIST SP 800-38A, appendix F.2.5 (encrypt) and F.2.6 (decrypt). */
class CbcCipherTest {

    private static final HexFormat HEX = HexFormat.of();
    private static final byte[] KEY = HEX.parseHex("603deb1015ca71be2b73aef0857d77811f352c073b6108d72d9810a30914dff4");
    private static final byte[] IV = HEX.parseHex("000102030405060708090a0b0c0d0e0f");
    private static final String PLAINTEXT = "6bc1bee22e409f96e93d7e117393172a"
            + "ae2d8a571e03ac9c9eb76fac45af8e51"
            + "30c81c46a35ce411e5fbc1191a0a52ef"
            + "f69f2445df4f9b17ad2b417be66c3710";
    private static final String CIPHERTEXT = "f58c4c04d6e5f1ba779eabfb5f7bfbd6"
            + "9cfc4e967edb808d679f777bc6702c7d"
            + "39f23369a9d9bacfa530e26304231461"
            + "b2eb05e2c39be9fcda6c19078c6a9d1b";

    @Test
    void jceAesCbcMatchesF25AndF26() throws Exception {
        Cipher cipher = Cipher.getInstance("AES/CBC/NoPadding");
        cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(KEY, "AES"), new IvParameterSpec(IV));
        assertEquals(CIPHERTEXT, HEX.formatHex(cipher.doFinal(HEX.parseHex(PLAINTEXT))));

        cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(KEY, "AES"), new IvParameterSpec(IV));
        assertEquals(PLAINTEXT, HEX.formatHex(cipher.doFinal(HEX.parseHex(CIPHERTEXT))));
    }

    @Test
    void encryptionMatchesF25OnEveryCall() {
        CbcCipher cipher = CbcCipher.encrypting(KEY);
        for (int call = 0; call < 3; call++) {
            byte[] source = HEX.parseHex("aaaa" + PLAINTEXT);
            byte[] target = HEX.parseHex("bbbbbb" + "00".repeat(64) + "cc");
            cipher.encrypt(IV, 0, source, 2, target, 3, 64);
            assertEquals("bbbbbb" + CIPHERTEXT + "cc", HEX.formatHex(target), "call " + call);
        }
    }

    @Test
    void decryptionMatchesF26OnEveryCall() {
        CbcCipher cipher = CbcCipher.decrypting(KEY);
        for (int call = 0; call < 3; call++) {
            // The IV follows the ciphertext, as it does in a protected message.
            byte[] message = HEX.parseHex("aaaa" + CIPHERTEXT + HEX.formatHex(IV));
            byte[] target = new byte[65];
            cipher.decrypt(message, 66, message, 2, target, 1, 64);
            assertEquals("00" + PLAINTEXT, HEX.formatHex(target), "call " + call);
            assertEquals("aaaa" + CIPHERTEXT + HEX.formatHex(IV), HEX.formatHex(message));
        }
    }

    @Test
    void singleBlockUsesTheIvToo() {
        CbcCipher cipher = CbcCipher.encrypting(KEY);
        byte[] block = HEX.parseHex(PLAINTEXT.substring(0, 32));
        byte[] target = new byte[16];

        cipher.encrypt(IV, 0, block, 0, target, 0, 16);

        assertEquals(CIPHERTEXT.substring(0, 32), HEX.formatHex(target));
    }
}
