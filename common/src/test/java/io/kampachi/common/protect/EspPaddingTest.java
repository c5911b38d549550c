package io.kampachi.common.protect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** ESP padding as RFC 4303 section 2.4 defines it: 1, 2, 3, ..., pad length, next header. */
class EspPaddingTest {

    @Test
    void paddedLengthIsTheSmallestMultipleOf16ThatFitsTheTrailer() {
        assertEquals(16, EspPadding.paddedLength(0));
        assertEquals(16, EspPadding.paddedLength(14));
        assertEquals(32, EspPadding.paddedLength(15));
        assertEquals(32, EspPadding.paddedLength(16));
        assertEquals(32, EspPadding.paddedLength(30));
        assertEquals(1408, EspPadding.paddedLength(1400));
        assertThrows(IllegalArgumentException.class, () -> EspPadding.paddedLength(-1));
    }

    @Test
    void padWritesCountingBytesThenPadLengthThenNextHeader() {
        byte[] buffer = new byte[20];
        buffer[2] = 'x';
        buffer[3] = 'y';

        int padded = EspPadding.pad(buffer, 2, 2, NextHeader.IPV6);

        assertEquals(16, padded);
        byte[] expectedPadding = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};
        for (int i = 0; i < expectedPadding.length; i++) {
            assertEquals(expectedPadding[i], buffer[4 + i]);
        }
        assertEquals(12, buffer[16]);
        assertEquals(41, buffer[17]);
        assertEquals(0, buffer[18]);
    }

    @Test
    void everyPayloadLengthPadsAndUnpads() {
        for (int length = 0; length <= 64; length++) {
            byte[] buffer = new byte[length + 32];
            int padded = EspPadding.pad(buffer, 0, length, 200);
            assertEquals(0, padded % 16);
            assertEquals(length, EspPadding.unpad(buffer, 0, padded), "payload length " + length);
            assertEquals(200, EspPadding.nextHeader(buffer, 0, padded));
        }
    }

    @Test
    void everyWrongPaddingByteIsRejected() {
        byte[] buffer = new byte[32];
        int padded = EspPadding.pad(buffer, 0, 3, NextHeader.IPV4);
        for (int i = 3; i < padded - 2; i++) {
            byte[] changed = buffer.clone();
            changed[i] ^= 0x10;
            assertEquals(-1, EspPadding.unpad(changed, 0, padded), "padding byte " + i);
        }
    }

    @Test
    void padLengthLongerThanThePlaintextIsRejected() {
        byte[] buffer = new byte[16];
        buffer[14] = 15;

        assertEquals(-1, EspPadding.unpad(buffer, 0, 16));
    }

    @Test
    void longerPaddingThatRfc4303AllowsIsAccepted() {
        byte[] buffer = new byte[32];
        buffer[0] = 'a';
        for (int i = 1; i <= 29; i++) {
            buffer[i] = (byte) i;
        }
        buffer[30] = 29;
        buffer[31] = NextHeader.DUMMY;

        assertEquals(1, EspPadding.unpad(buffer, 0, 32));
    }
}
