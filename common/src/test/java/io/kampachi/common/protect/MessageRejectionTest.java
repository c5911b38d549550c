package io.kampachi.common.protect;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kampachi.common.crypto.DirectionKeys;
import io.kampachi.common.crypto.Role;
import io.kampachi.common.crypto.SessionKeys;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MessageRejectionTest {

    private static final int SPI = 0x00c0ffee;
    private static final int TCP_WORD = -1;

    private final SessionKeys keys = Sessions.keys(3);
    private final DirectionKeys sendingKeys = keys.sending(Role.RESPONDER);
    private final Random random = new Random(4);

    private MessageUnprotector tcpReceiver() {
        return MessageUnprotector.forTcp(keys.receiving(Role.INITIATOR), NextHeader.CLIENT_SERVER);
    }

    private MessageUnprotector udpReceiver() {
        return MessageUnprotector.forUdp(keys.receiving(Role.INITIATOR), SPI, NextHeader.PEER_TUNNEL);
    }

    private byte[] payload(int length) {
        byte[] payload = new byte[length];
        random.nextBytes(payload);
        return payload;
    }

    @Test
    void everySingleBitFlipOfARecordIsRejected() throws Exception {
        byte[] record = MessageProtector.forTcp(sendingKeys).protect(NextHeader.CONTROL, payload(45));
        MessageUnprotector receiver = tcpReceiver();

        for (int bit = 0; bit < record.length * 8; bit++) {
            byte[] flipped = flip(record, bit);
            UnprotectResult result = receiver.unprotectInPlace(flipped, 0, flipped.length);
            int index = bit / 8;
            Set<RejectReason> expected = index < 4 ? EnumSet.of(RejectReason.BAD_SIZE)
                    : index < 8 ? EnumSet.of(RejectReason.BAD_MAC, RejectReason.ID_ZERO, RejectReason.ID_GAP)
                    : EnumSet.of(RejectReason.BAD_MAC);
            assertFalse(result.isOk(), "bit " + bit);
            assertTrue(expected.contains(result.reason()), "bit " + bit + ": " + result);
        }
        // None of the rejections moved the replay state: the untouched record is still accepted once.
        assertTrue(receiver.unprotect(record).isOk());
        assertEquals(RejectReason.REPLAYED, receiver.unprotect(record).reason());
    }

    @Test
    void everySingleBitFlipOfADatagramIsRejected() throws Exception {
        byte[] datagram = MessageProtector.forUdp(sendingKeys, SPI).protect(NextHeader.IPV4, payload(60));
        MessageUnprotector receiver = udpReceiver();

        for (int bit = 0; bit < datagram.length * 8; bit++) {
            byte[] flipped = flip(datagram, bit);
            UnprotectResult result = receiver.unprotectInPlace(flipped, 0, flipped.length);
            int index = bit / 8;
            Set<RejectReason> expected = index < 4 ? EnumSet.of(RejectReason.WRONG_SPI)
                    : index < 8 ? EnumSet.of(RejectReason.BAD_MAC, RejectReason.ID_ZERO)
                    : EnumSet.of(RejectReason.BAD_MAC);
            assertFalse(result.isOk(), "bit " + bit);
            assertTrue(expected.contains(result.reason()), "bit " + bit + ": " + result);
        }
        assertTrue(receiver.unprotect(datagram).isOk());
    }

    @Test
    void everyTruncationOfARecordIsRejectedWithoutAnException() throws Exception {
        byte[] record = MessageProtector.forTcp(sendingKeys).protect(NextHeader.CONTROL, payload(70));
        MessageUnprotector receiver = tcpReceiver();

        for (int length = 0; length < record.length; length++) {
            UnprotectResult result = receiver.unprotectInPlace(record.clone(), 0, length);
            RejectReason expected = length < MessageLayout.MIN_LENGTH ? RejectReason.TOO_SHORT : RejectReason.BAD_SIZE;
            assertEquals(expected, result.reason(), "length " + length);
        }
        byte[] extended = Arrays.copyOf(record, record.length + 16);
        assertEquals(RejectReason.BAD_SIZE, receiver.unprotect(extended).reason());
        assertTrue(receiver.unprotect(record).isOk());
    }

    @Test
    void everyTruncationOfADatagramIsRejectedWithoutAnException() throws Exception {
        byte[] datagram = MessageProtector.forUdp(sendingKeys, SPI).protect(NextHeader.IPV4, payload(70));
        MessageUnprotector receiver = udpReceiver();

        for (int length = 0; length < datagram.length; length++) {
            UnprotectResult result = receiver.unprotectInPlace(datagram.clone(), 0, length);
            assertFalse(result.isOk(), "length " + length);
        }
        for (int extra = 1; extra <= 16; extra++) {
            assertFalse(receiver.unprotect(Arrays.copyOf(datagram, datagram.length + extra)).isOk(), "extra " + extra);
        }
        assertTrue(receiver.unprotect(datagram).isOk());
    }

    @Test
    void shortAndMisalignedMessagesAreRejectedBeforeTheMac() {
        MessageUnprotector receiver = udpReceiver();
        byte[] misaligned = new byte[MessageLayout.MIN_LENGTH + 1];
        misaligned[0] = (byte) (SPI >>> 24);
        misaligned[1] = (byte) (SPI >>> 16);
        misaligned[2] = (byte) (SPI >>> 8);
        misaligned[3] = (byte) SPI;

        assertEquals(RejectReason.TOO_SHORT, receiver.unprotect(new byte[MessageLayout.MIN_LENGTH - 1]).reason());
        assertEquals(RejectReason.BAD_LENGTH, receiver.unprotect(misaligned).reason());
    }

    @Test
    void replayedRecordIsRejected() throws Exception {
        MessageProtector sender = MessageProtector.forTcp(sendingKeys);
        byte[] first = sender.protect(NextHeader.CONTROL, payload(10));
        byte[] second = sender.protect(NextHeader.CONTROL, payload(10));
        MessageUnprotector receiver = tcpReceiver();

        assertTrue(receiver.unprotect(first).isOk());
        assertEquals(RejectReason.REPLAYED, receiver.unprotect(first).reason());
        assertTrue(receiver.unprotect(second).isOk());
        assertEquals(RejectReason.REPLAYED, receiver.unprotect(first).reason());
    }

    @Test
    void recordIdGapIsRejected() throws Exception {
        MessageProtector sender = MessageProtector.forTcp(sendingKeys);
        MessageUnprotector receiver = tcpReceiver();
        byte[] first = sender.protect(NextHeader.CONTROL, payload(3));
        byte[] removed = sender.protect(NextHeader.CONTROL, payload(3));
        byte[] third = sender.protect(NextHeader.CONTROL, payload(3));

        assertTrue(receiver.unprotect(first).isOk());
        assertEquals(RejectReason.ID_GAP, receiver.unprotect(third).reason());
        assertTrue(receiver.unprotect(removed).isOk());
        assertTrue(receiver.unprotect(third).isOk());
    }

    @Test
    void firstRecordMustCarryIdOne() throws Exception {
        MessageProtector sender = MessageProtector.forTcp(sendingKeys);
        MessageUnprotector receiver = tcpReceiver();
        sender.skipToMessageId(5);

        assertEquals(RejectReason.ID_GAP, receiver.unprotect(sender.protect(NextHeader.CONTROL, payload(3))).reason());
    }

    @Test
    void datagramWindowAcceptsUnseenIdsOnceAndRejectsOldOnes() throws Exception {
        MessageProtector sender = MessageProtector.forUdp(sendingKeys, SPI);
        byte[][] datagrams = new byte[3001][];
        for (int id = 1; id <= 3000; id++) {
            datagrams[id] = sender.protect(NextHeader.DUMMY, new byte[0]);
        }
        MessageUnprotector receiver = udpReceiver();

        assertTrue(receiver.unprotect(datagrams[3000]).isOk());
        assertEquals(RejectReason.REPLAYED, receiver.unprotect(datagrams[3000]).reason());
        // Inside the window (3000 - 2048, 3000] and unseen: accepted once.
        assertTrue(receiver.unprotect(datagrams[1000]).isOk());
        assertEquals(RejectReason.REPLAYED, receiver.unprotect(datagrams[1000]).reason());
        assertTrue(receiver.unprotect(datagrams[953]).isOk());
        assertEquals(RejectReason.TOO_OLD, receiver.unprotect(datagrams[952]).reason());
        assertEquals(RejectReason.TOO_OLD, receiver.unprotect(datagrams[1]).reason());
        assertTrue(receiver.unprotect(datagrams[2999]).isOk());
    }

    @Test
    void messageIdZeroIsRejectedEvenWithAValidMac() throws Exception {
        MessageProtector tcpSender = MessageProtector.forTcp(sendingKeys);
        tcpSender.skipToMessageId(0);
        MessageProtector udpSender = MessageProtector.forUdp(sendingKeys, SPI);
        udpSender.skipToMessageId(0);

        assertEquals(RejectReason.ID_ZERO, tcpReceiver().unprotect(tcpSender.protect(NextHeader.CONTROL,
                payload(4))).reason());
        assertEquals(RejectReason.ID_ZERO, udpReceiver().unprotect(udpSender.protect(NextHeader.IPV4,
                payload(4))).reason());
    }

    @Test
    void wrongPaddingBehindAValidMacIsRejected() throws Exception {
        byte[] plaintext = ReferenceCodec.plaintext(payload(20), 10, NextHeader.IPV4);
        plaintext[25] ^= 0x01;
        byte[] datagram = ReferenceCodec.seal(sendingKeys, SPI, 1, plaintext, payload(16));
        byte[] tooLong = ReferenceCodec.plaintext(payload(20), 10, NextHeader.IPV4);
        tooLong[30] = 31;
        byte[] overlong = ReferenceCodec.seal(sendingKeys, SPI, 2, tooLong, payload(16));

        MessageUnprotector receiver = udpReceiver();
        assertEquals(RejectReason.BAD_PADDING, receiver.unprotect(datagram).reason());
        assertEquals(RejectReason.BAD_PADDING, receiver.unprotect(overlong).reason());
    }

    @Test
    void macIsCheckedBeforeAnythingIsDecrypted() throws Exception {
        byte[] plaintext = ReferenceCodec.plaintext(payload(20), 10, NextHeader.IPV4);
        plaintext[25] ^= 0x01;
        byte[] datagram = ReferenceCodec.seal(sendingKeys, SPI, 1, plaintext, payload(16));
        datagram[datagram.length - 1] ^= 0x01;
        byte[] before = datagram.clone();

        UnprotectResult result = udpReceiver().unprotectInPlace(datagram, 0, datagram.length);

        assertEquals(RejectReason.BAD_MAC, result.reason());
        assertArrayEquals(before, datagram);
    }

    @Test
    void oversizeRecordIsRejectedEvenWhenItsSizeFieldMatches() throws Exception {
        int ciphertext = MessageLayout.MAX_TCP_SIZE - 32 + 16;
        byte[] plaintext = ReferenceCodec.plaintext(new byte[ciphertext - 2], 0, NextHeader.CONTROL);
        byte[] record = ReferenceCodec.seal(sendingKeys, TCP_WORD, 1, plaintext, payload(16));

        assertEquals(MessageLayout.MAX_TCP_SIZE + 16, record.length - 4);
        assertEquals(RejectReason.BAD_SIZE, tcpReceiver().unprotect(record).reason());
    }

    @Test
    void randomInputNeverThrowsAndNeverVerifies() throws Exception {
        MessageUnprotector tcp = tcpReceiver();
        MessageUnprotector udp = udpReceiver();
        byte[] valid = MessageProtector.forUdp(sendingKeys, SPI).protect(NextHeader.IPV4, payload(200));
        for (int i = 0; i < 20_000; i++) {
            byte[] input;
            if (i % 2 == 0) {
                input = payload(random.nextInt(300));
                if (input.length >= 4 && i % 4 == 0) {
                    // Make the first check pass now and then so that later checks see the input.
                    input[0] = (byte) (SPI >>> 24);
                    input[1] = (byte) (SPI >>> 16);
                    input[2] = (byte) (SPI >>> 8);
                    input[3] = (byte) SPI;
                }
            } else {
                input = valid.clone();
                // Changes to the same byte can cancel out, so repeat until the input differs.
                while (Arrays.equals(input, valid)) {
                    for (int flips = 1 + random.nextInt(4); flips > 0; flips--) {
                        input[random.nextInt(input.length)] ^= (byte) (1 + random.nextInt(255));
                    }
                }
            }
            assertFalse(tcp.unprotect(input).isOk());
            assertFalse(udp.unprotectInPlace(input, 0, input.length).isOk());
        }
    }

    private static byte[] flip(byte[] message, int bit) {
        byte[] flipped = message.clone();
        flipped[bit / 8] ^= (byte) (1 << (bit % 8));
        return flipped;
    }
}
