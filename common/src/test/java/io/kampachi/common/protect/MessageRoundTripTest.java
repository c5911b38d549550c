package io.kampachi.common.protect;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kampachi.common.crypto.Role;
import io.kampachi.common.crypto.SessionKeys;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

class MessageRoundTripTest {

    private static final int SPI = 0x8a2b3c4d;
    private static final Set<Integer> EVERY_NEXT_HEADER = Set.of(NextHeader.IPV4, NextHeader.IPV6, NextHeader.DUMMY,
            NextHeader.CONTROL);
    private static final int[] PAYLOAD_LENGTHS = {0, 1, 13, 14, 15, 16, 17, 31, 100, 1400};

    private final SessionKeys keys = Sessions.keys(1);
    private final Random random = new Random(2);

    enum Channel { TCP, UDP }

    private MessageProtector protector(Channel channel) {
        return channel == Channel.TCP ? MessageProtector.forTcp(keys.sending(Role.INITIATOR))
                : MessageProtector.forUdp(keys.sending(Role.INITIATOR), SPI);
    }

    private MessageUnprotector unprotector(Channel channel, Set<Integer> allowed) {
        return channel == Channel.TCP ? MessageUnprotector.forTcp(keys.receiving(Role.RESPONDER), allowed)
                : MessageUnprotector.forUdp(keys.receiving(Role.RESPONDER), SPI, allowed);
    }

    private byte[] payload(int length) {
        byte[] payload = new byte[length];
        random.nextBytes(payload);
        return payload;
    }

    static Stream<Arguments> channelsAndNextHeaders() {
        return Stream.of(Channel.values()).flatMap(channel -> IntStream.of(NextHeader.IPV4, NextHeader.IPV6,
                NextHeader.DUMMY, NextHeader.CONTROL).mapToObj(nextHeader -> Arguments.of(channel, nextHeader)));
    }

    @ParameterizedTest(name = "{0}, next header {1}")
    @MethodSource("channelsAndNextHeaders")
    void byteArrayVariantsRoundTripEveryNextHeader(Channel channel, int nextHeader) throws Exception {
        MessageProtector sender = protector(channel);
        MessageUnprotector receiver = unprotector(channel, EVERY_NEXT_HEADER);
        long expectedId = 1;
        for (int length : PAYLOAD_LENGTHS) {
            byte[] payload = payload(length);
            byte[] message = sender.protect(nextHeader, payload);
            assertEquals(MessageLayout.protectedLength(length), message.length);

            UnprotectResult result = receiver.unprotect(message);

            assertTrue(result.isOk(), result::toString);
            assertEquals(nextHeader, result.nextHeader());
            assertEquals(expectedId++, result.messageId());
            assertArrayEquals(payload, result.payload());
            assertEquals(0, result.payloadOffset());
        }
    }

    @ParameterizedTest
    @EnumSource(Channel.class)
    void arrayVariantsWorkAtAnyOffset(Channel channel) throws Exception {
        MessageProtector sender = protector(channel);
        MessageUnprotector receiver = unprotector(channel, NextHeader.PEER_TUNNEL);
        byte[] payloadArea = payload(1500);
        byte[] out = new byte[1600];

        int written = sender.protectInto(NextHeader.IPV4, payloadArea, 7, 1400, out, 5);
        UnprotectResult result = receiver.unprotectInPlace(out, 5, written);

        assertTrue(result.isOk(), result::toString);
        assertEquals(5 + MessageLayout.HEADER_LENGTH, result.payloadOffset());
        assertEquals(1400, result.payloadLength());
        assertArrayEquals(Arrays.copyOfRange(payloadArea, 7, 1407),
                Arrays.copyOfRange(out, result.payloadOffset(), result.payloadOffset() + 1400));
    }

    @ParameterizedTest
    @EnumSource(Channel.class)
    void unprotectIntoLeavesTheMessageUnchanged(Channel channel) throws Exception {
        MessageProtector sender = protector(channel);
        MessageUnprotector receiver = unprotector(channel, NextHeader.PEER_TUNNEL);
        byte[] payload = payload(300);
        byte[] message = sender.protect(NextHeader.IPV4, payload);
        byte[] before = message.clone();
        byte[] out = new byte[message.length + 4];

        UnprotectResult result = receiver.unprotectInto(message, 0, message.length, out, 4);

        assertTrue(result.isOk(), result::toString);
        assertEquals(4, result.payloadOffset());
        assertArrayEquals(payload, result.payload());
        assertArrayEquals(before, message);
        assertThrows(IllegalArgumentException.class, () -> receiver.unprotectInto(message, 0, 60, message, 0));
        assertThrows(IndexOutOfBoundsException.class,
                () -> receiver.unprotectInto(message, 0, message.length, new byte[message.length - 1], 0));
    }

    @ParameterizedTest
    @EnumSource(Channel.class)
    void payloadInsideTheOutputRangeIsProtected(Channel channel) throws Exception {
        MessageProtector sender = protector(channel);
        MessageUnprotector receiver = unprotector(channel, NextHeader.PEER_TUNNEL);
        byte[] payload = payload(600);
        byte[] buffer = new byte[MessageLayout.protectedLength(600)];
        System.arraycopy(payload, 0, buffer, MessageLayout.HEADER_LENGTH, payload.length);

        int written = sender.protectInto(NextHeader.IPV6, buffer, MessageLayout.HEADER_LENGTH, 600, buffer, 0);

        assertEquals(buffer.length, written);
        assertArrayEquals(payload, receiver.unprotect(buffer).payload());
    }

    @ParameterizedTest
    @EnumSource(Channel.class)
    void heapBufferVariantsMovePositionsAndFrameThePayload(Channel channel) throws Exception {
        MessageProtector sender = protector(channel);
        MessageUnprotector receiver = unprotector(channel, NextHeader.PEER_TUNNEL);
        byte[] payload = payload(1400);
        // Slices give the buffers a non-zero array offset.
        ByteBuffer source = ByteBuffer.wrap(new byte[1500], 3, 1497).slice().put(payload).flip();
        ByteBuffer wire = ByteBuffer.wrap(new byte[1600], 11, 1589).slice();
        wire.position(2);

        int written = sender.protectInto(NextHeader.IPV4, source, wire);

        assertEquals(source.limit(), source.position());
        assertEquals(2 + written, wire.position());
        wire.flip().position(2);
        UnprotectResult result = receiver.unprotectInPlace(wire);
        assertTrue(result.isOk(), result::toString);
        assertEquals(2 + MessageLayout.HEADER_LENGTH, wire.position());
        assertEquals(1400, wire.remaining());
        assertEquals(wire.position(), result.payloadOffset());
        byte[] received = new byte[wire.remaining()];
        wire.get(received);
        assertArrayEquals(payload, received);
        assertArrayEquals(payload, result.payload());
    }

    @ParameterizedTest
    @EnumSource(Channel.class)
    void directBufferVariantsRoundTrip(Channel channel) throws Exception {
        MessageProtector sender = protector(channel);
        MessageUnprotector receiver = unprotector(channel, NextHeader.PEER_TUNNEL);
        for (int length : PAYLOAD_LENGTHS) {
            byte[] payload = payload(length);
            ByteBuffer source = ByteBuffer.allocateDirect(length).put(payload).flip();
            ByteBuffer wire = ByteBuffer.allocateDirect(2048);

            sender.protectInto(NextHeader.IPV6, source, wire);
            wire.flip();
            UnprotectResult result = receiver.unprotectInPlace(wire);

            assertTrue(result.isOk(), result::toString);
            assertEquals(NextHeader.IPV6, result.nextHeader());
            byte[] received = new byte[wire.remaining()];
            wire.get(received);
            assertArrayEquals(payload, received, "payload length " + length);
        }
    }

    @Test
    void rejectedBufferKeepsItsPositionAndLimit() throws Exception {
        MessageProtector sender = protector(Channel.UDP);
        MessageUnprotector receiver = unprotector(Channel.UDP, NextHeader.PEER_TUNNEL);
        ByteBuffer wire = ByteBuffer.wrap(sender.protect(NextHeader.IPV4, payload(64)));
        wire.put(20, (byte) (wire.get(20) ^ 1));

        UnprotectResult result = receiver.unprotectInPlace(wire);

        assertEquals(RejectReason.BAD_MAC, result.reason());
        assertEquals(0, wire.position());
        assertEquals(wire.capacity(), wire.limit());
    }

    @ParameterizedTest
    @EnumSource(Channel.class)
    void protectorOutputMatchesTheReferenceLayout(Channel channel) throws Exception {
        MessageProtector sender = protector(channel);
        byte[] payload = payload(21);

        byte[] first = sender.protect(NextHeader.IPV4, payload);
        byte[] second = sender.protect(NextHeader.IPV4, payload);

        ByteBuffer header = ByteBuffer.wrap(first);
        assertEquals(channel == Channel.TCP ? first.length - 4 : SPI, header.getInt());
        assertEquals(1, header.getInt());
        assertEquals(2, ByteBuffer.wrap(second).getInt(4));
        byte[] plaintext = ReferenceCodec.open(keys.sending(Role.INITIATOR), first);
        assertArrayEquals(ReferenceCodec.plaintext(payload, 9, NextHeader.IPV4), plaintext);
        // A fresh IV per message: equal payloads give unrelated ciphertexts and IVs.
        assertFalse(Arrays.equals(Arrays.copyOfRange(first, 8, 56), Arrays.copyOfRange(second, 8, 56)));
    }

    @Test
    void ivsStayDistinctAcrossRandomBatches() throws Exception {
        MessageProtector sender = protector(Channel.UDP);
        MessageUnprotector receiver = unprotector(Channel.UDP, NextHeader.PEER_TUNNEL);
        Set<String> ivs = new HashSet<>();
        // 256 IVs come from one call to the random generator; cross three refills.
        for (int i = 0; i < 3 * 256 + 5; i++) {
            byte[] message = sender.protect(NextHeader.DUMMY, new byte[0]);
            ivs.add(Arrays.toString(Arrays.copyOfRange(message, 24, 40)));
            assertTrue(receiver.unprotect(message).isOk(), "message " + i);
        }
        assertEquals(3 * 256 + 5, ivs.size());
    }

    @ParameterizedTest
    @EnumSource(Channel.class)
    void referenceSealedMessagesOpen(Channel channel) throws Exception {
        MessageUnprotector receiver = unprotector(channel, NextHeader.PEER_TUNNEL);
        byte[] payload = payload(40);
        byte[] iv = payload(16);
        // A TCP receiver takes only the next ID in sequence; a datagram may carry any ID.
        long messageId = channel == Channel.TCP ? 1 : 77;
        byte[] message = ReferenceCodec.seal(keys.sending(Role.INITIATOR), channel == Channel.TCP ? -1 : SPI,
                messageId, ReferenceCodec.plaintext(payload, 6, NextHeader.IPV6), iv);

        UnprotectResult result = receiver.unprotect(message);

        assertTrue(result.isOk(), result::toString);
        assertEquals(messageId, result.messageId());
        assertArrayEquals(payload, result.payload());
    }

    @ParameterizedTest
    @EnumSource(Channel.class)
    void messageReflectedToItsSenderIsRejected(Channel channel) throws Exception {
        MessageProtector initiatorSender = protector(channel);
        MessageUnprotector initiatorReceiver = channel == Channel.TCP
                ? MessageUnprotector.forTcp(keys.receiving(Role.INITIATOR), EVERY_NEXT_HEADER)
                : MessageUnprotector.forUdp(keys.receiving(Role.INITIATOR), SPI, EVERY_NEXT_HEADER);
        byte[] message = initiatorSender.protect(NextHeader.IPV4, payload(100));

        assertEquals(RejectReason.BAD_MAC, initiatorReceiver.unprotect(message).reason());
        assertTrue(unprotector(channel, EVERY_NEXT_HEADER).unprotect(message).isOk());
    }

    @Test
    void datagramForAnotherTunnelIsRejected() throws Exception {
        byte[] message = protector(Channel.UDP).protect(NextHeader.IPV4, payload(10));
        MessageUnprotector otherTunnel = MessageUnprotector.forUdp(keys.receiving(Role.RESPONDER), SPI + 1,
                NextHeader.PEER_TUNNEL);

        assertEquals(RejectReason.WRONG_SPI, otherTunnel.unprotect(message).reason());
    }

    @Test
    void nextHeadersTheChannelDoesNotCarryAreRejected() throws Exception {
        MessageProtector tunnelSender = protector(Channel.UDP);
        MessageUnprotector tunnel = unprotector(Channel.UDP, NextHeader.PEER_TUNNEL);
        MessageProtector controlSender = protector(Channel.TCP);
        MessageUnprotector control = unprotector(Channel.TCP, NextHeader.CLIENT_SERVER);

        assertEquals(RejectReason.UNEXPECTED_NEXT_HEADER,
                tunnel.unprotect(tunnelSender.protect(NextHeader.CONTROL, payload(5))).reason());
        assertEquals(RejectReason.UNEXPECTED_NEXT_HEADER,
                tunnel.unprotect(tunnelSender.protect(17, payload(5))).reason());
        assertEquals(RejectReason.UNEXPECTED_NEXT_HEADER,
                control.unprotect(controlSender.protect(NextHeader.IPV4, payload(5))).reason());
        assertTrue(control.unprotect(controlSender.protect(NextHeader.CONTROL, payload(5))).isOk());
        assertTrue(control.unprotect(controlSender.protect(NextHeader.DUMMY, new byte[0])).isOk());
    }

    @Test
    void largestTcpPayloadFillsTheMaximumSize() throws Exception {
        MessageProtector sender = protector(Channel.TCP);
        byte[] payload = payload(MessageLayout.MAX_TCP_PAYLOAD);

        byte[] record = sender.protect(NextHeader.CONTROL, payload);

        assertEquals(MessageLayout.MAX_TCP_SIZE, ByteBuffer.wrap(record).getInt());
        assertArrayEquals(payload, unprotector(Channel.TCP, NextHeader.CLIENT_SERVER).unprotect(record).payload());
        assertThrows(IllegalArgumentException.class,
                () -> sender.protect(NextHeader.CONTROL, new byte[MessageLayout.MAX_TCP_PAYLOAD + 1]));
    }

    @Test
    void callerErrorsAreReportedAsSuch() {
        MessageProtector sender = protector(Channel.UDP);

        assertThrows(IllegalArgumentException.class, () -> sender.protect(-1, new byte[1]));
        assertThrows(IllegalArgumentException.class, () -> sender.protect(256, new byte[1]));
        assertThrows(IndexOutOfBoundsException.class,
                () -> sender.protectInto(NextHeader.IPV4, new byte[10], 0, 10, new byte[51], 0));
        assertThrows(IllegalArgumentException.class,
                () -> sender.protectInto(NextHeader.IPV4, ByteBuffer.allocate(10), ByteBuffer.allocate(51)));
        assertThrows(IllegalArgumentException.class, () -> unprotector(Channel.UDP, NextHeader.PEER_TUNNEL)
                .unprotectInPlace(ByteBuffer.allocate(60).asReadOnlyBuffer()));
        assertThrows(IllegalArgumentException.class,
                () -> MessageUnprotector.forTcp(keys.receiving(Role.RESPONDER), Set.of(300)));
        assertEquals(1, sender.nextMessageId());
    }

    @Test
    void senderStopsBeforeTheMessageIdWraps() throws Exception {
        MessageProtector sender = protector(Channel.UDP);
        MessageUnprotector receiver = unprotector(Channel.UDP, NextHeader.PEER_TUNNEL);
        sender.skipToMessageId(MessageLayout.MAX_MESSAGE_ID);

        UnprotectResult last = receiver.unprotect(sender.protect(NextHeader.IPV4, payload(8)));
        byte[] out = new byte[64];

        assertTrue(last.isOk(), last::toString);
        assertEquals(MessageLayout.MAX_MESSAGE_ID, last.messageId());
        assertThrows(MessageIdExhaustedException.class,
                () -> sender.protectInto(NextHeader.IPV4, new byte[8], 0, 8, out, 0));
        assertArrayEquals(new byte[64], out);
        assertThrows(MessageIdExhaustedException.class, () -> sender.protect(NextHeader.DUMMY, new byte[0]));
    }
}
