package io.kampachi.common.protect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.stream.Stream;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** HMAC-SHA1 test cases 1 to 7 of RFC 2202 section 3, in full and truncated to 96 bits. */
class Hmac96Test {

    static Stream<Arguments> rfc2202Cases() {
        return Stream.of(
                Arguments.of(1, repeat(0x0b, 20), ascii("Hi There"),
                        "b617318655057264e28bc0b6fb378c8ef146be00"),
                Arguments.of(2, ascii("Jefe"), ascii("what do ya want for nothing?"),
                        "effcdf6ae5eb2fa2d27416d5f184df9c259a7c79"),
                Arguments.of(3, repeat(0xaa, 20), repeat(0xdd, 50),
                        "125d7342b9ac11cd91a39af48aa17b4f63f175d3"),
                Arguments.of(4, HexFormat.of().parseHex("0102030405060708090a0b0c0d0e0f10111213141516171819"),
                        repeat(0xcd, 50),
                        "4c9007f4026250c6bc8414f9bf50c86c2d7235da"),
                Arguments.of(5, repeat(0x0c, 20), ascii("Test With Truncation"),
                        "4c1a03424b55e07fe7f27be1d58bb9324a9a5a04"),
                Arguments.of(6, repeat(0xaa, 80), ascii("Test Using Larger Than Block-Size Key - Hash Key First"),
                        "aa4ae5e15272d00e95705637ce8a3b55ed402112"),
                Arguments.of(7, repeat(0xaa, 80),
                        ascii("Test Using Larger Than Block-Size Key and Larger Than One Block-Size Data"),
                        "e8e99d0f45237d786d6bbaa7965c7808bbff1a91"));
    }

    @ParameterizedTest(name = "RFC 2202 HMAC-SHA-1 test case {0}")
    @MethodSource("rfc2202Cases")
    void jceHmacSha1MatchesRfc2202(int testCase, byte[] key, byte[] data, String digest) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA1");
        mac.init(new SecretKeySpec(key, "HmacSHA1"));

        assertEquals(digest, HexFormat.of().formatHex(mac.doFinal(data)));
    }

    @ParameterizedTest(name = "RFC 2202 HMAC-SHA-1 test case {0}, first 96 bits")
    @MethodSource("rfc2202Cases")
    void hmac96IsTheFirst12BytesOfTheRfc2202Digest(int testCase, byte[] key, byte[] data, String digest) {
        Hmac96 mac = new Hmac96(key);
        byte[] framed = new byte[3 + data.length + MessageLayout.MAC_LENGTH + 2];
        System.arraycopy(data, 0, framed, 3, data.length);

        mac.compute(framed, 3, data.length, framed, 3 + data.length);

        // RFC 2202 lists the 96-bit truncation of case 5 explicitly: 4c1a03424b55e07fe7f27be1.
        String tag = HexFormat.of().formatHex(framed, 3 + data.length, 3 + data.length + MessageLayout.MAC_LENGTH);
        assertEquals(digest.substring(0, 24), tag);
        assertTrue(mac.verify(framed, 3, data.length));
        framed[3 + data.length + MessageLayout.MAC_LENGTH - 1] ^= 1;
        assertFalse(mac.verify(framed, 3, data.length));
    }

    private static byte[] repeat(int value, int count) {
        byte[] bytes = new byte[count];
        Arrays.fill(bytes, (byte) value);
        return bytes;
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
