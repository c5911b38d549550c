package io.kampachi.common.wire;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** One check per malformed case for the message decoders, the plain frame decoder and the datagram decoder. */
class MessageRejectionTest {

    private static final Map<String, byte[]> VECTORS = WireFixtures.loadVectors();
    private static final Map<String, Message> MESSAGES = WireFixtures.expectedMessages();

    @Test
    void truncatedAtEveryLength() {
        for (Map.Entry<String, Message> entry : MESSAGES.entrySet()) {
            byte[] vector = VECTORS.get(entry.getKey());
            Function<byte[], Decoded<? extends Message>> typed = RoundTripTest.typedDecoder(entry.getValue().type());
            boolean json = entry.getValue() instanceof Control;
            for (int length = 0; length < vector.length; length++) {
                byte[] prefix = Arrays.copyOf(vector, length);
                String context = entry.getKey() + " cut to " + length + " bytes";
                if (json && length > 1) {
                    // A cut envelope is broken JSON, or broken UTF-8 when the cut splits a character.
                    DecodeError.Kind kind = Messages.decode(prefix).error().kind();
                    assertTrue(kind == DecodeError.Kind.BAD_JSON || kind == DecodeError.Kind.BAD_UTF8,
                            context + ": " + kind);
                } else {
                    assertKind(DecodeError.Kind.TRUNCATED, Messages.decode(prefix), context);
                    assertKind(DecodeError.Kind.TRUNCATED, typed.apply(prefix), context);
                }
            }
        }
    }

    @Test
    void trailingByteRejected() {
        for (Map.Entry<String, Message> entry : MESSAGES.entrySet()) {
            byte[] extended = Arrays.copyOf(VECTORS.get(entry.getKey()), VECTORS.get(entry.getKey()).length + 1);
            DecodeError.Kind expected = entry.getValue() instanceof Control
                    ? DecodeError.Kind.BAD_JSON : DecodeError.Kind.TRAILING_BYTES;
            Function<byte[], Decoded<? extends Message>> typed = RoundTripTest.typedDecoder(entry.getValue().type());

            assertKind(expected, Messages.decode(extended), entry.getKey());
            assertKind(expected, typed.apply(extended), entry.getKey());
        }
    }

    @Test
    void trailingByteMessageNamesCount() {
        byte[] extended = Arrays.copyOf(VECTORS.get("probe"), VECTORS.get("probe").length + 2);

        assertEquals("PROBE has 2 trailing bytes after its last field", Probe.decode(extended).error().message());
    }

    @Test
    void unknownTypeRejected() {
        for (int code = 0; code < 256; code++) {
            if (MessageType.fromCode(code).isPresent()) {
                continue;
            }
            byte[] message = {(byte) code, 0, 0, 0};
            Decoded<Message> decoded = Messages.decode(message);

            assertKind(DecodeError.Kind.UNKNOWN_TYPE, decoded, "code " + code);
            assertEquals(String.format("message type 0x%02x is unknown", code), decoded.error().message());
            for (MessageType type : MessageType.values()) {
                assertKind(DecodeError.Kind.UNKNOWN_TYPE, RoundTripTest.typedDecoder(type).apply(message),
                        type + " decoder, code " + code);
            }
        }
    }

    @Test
    void wrongTypeRejectedByTypedDecoders() {
        for (MessageType decoderType : MessageType.values()) {
            for (Map.Entry<String, Message> entry : MESSAGES.entrySet()) {
                if (entry.getValue().type() == decoderType) {
                    continue;
                }
                assertKind(DecodeError.Kind.WRONG_TYPE,
                        RoundTripTest.typedDecoder(decoderType).apply(VECTORS.get(entry.getKey())),
                        decoderType + " decoder given " + entry.getKey());
            }
        }
    }

    @Test
    void wrongTypeMessageNamesBothTypes() {
        assertEquals("message type HELO OK (0x02) is not the expected HELO (0x01)",
                Helo.decode(VECTORS.get("helo-ok")).error().message());
    }

    @Test
    void nullAndEmptyInputTruncated() {
        assertKind(DecodeError.Kind.TRUNCATED, Messages.decode((byte[]) null), "null");
        assertKind(DecodeError.Kind.TRUNCATED, Messages.decode(new byte[0]), "empty");
        for (MessageType type : MessageType.values()) {
            assertKind(DecodeError.Kind.TRUNCATED, RoundTripTest.typedDecoder(type).apply(null), type.toString());
        }
        assertKind(DecodeError.Kind.TRUNCATED, Control.decodeEnvelope(null), "null envelope");
        assertKind(DecodeError.Kind.TRUNCATED, TcpFrames.decodePlain((byte[]) null), "null frame");
        assertKind(DecodeError.Kind.TRUNCATED, UdpDatagrams.decode((byte[]) null), "null datagram");
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 2, 7, 255})
    void heloUnsupportedSuite(int suite) {
        byte[] message = VECTORS.get("helo").clone();
        message[1] = (byte) suite;
        Decoded<Message> decoded = Messages.decode(message);

        assertKind(DecodeError.Kind.UNSUPPORTED_SUITE, decoded, "suite " + suite);
        assertEquals("HELO suite " + suite + " is not supported: expected 1", decoded.error().message());
    }

    @Test
    void heloUnsupportedSuiteReportedBeforeLength() {
        assertKind(DecodeError.Kind.UNSUPPORTED_SUITE, Helo.decode(new byte[] {0x01, 0x02}), "short HELO");
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 5, 255})
    void heloErrorCodeOutOfRange(int code) {
        byte[] message = VECTORS.get("helo-error").clone();
        message[1] = (byte) code;
        Decoded<HeloError> decoded = HeloError.decode(message);

        assertKind(DecodeError.Kind.OUT_OF_RANGE, decoded, "code " + code);
        assertEquals("HELO ERROR code " + code + " is out of range: expected 1..4", decoded.error().message());
    }

    @ParameterizedTest
    @ValueSource(ints = {1025, 4096, 0xffff})
    void heloErrorReasonLengthOutOfRange(int reasonLength) {
        byte[] message = new byte[4 + 1100];
        message[0] = 0x03;
        message[1] = 1;
        message[2] = (byte) (reasonLength >>> 8);
        message[3] = (byte) reasonLength;

        assertKind(DecodeError.Kind.BAD_LENGTH, HeloError.decode(message), "reasonLength " + reasonLength);
    }

    @Test
    void heloErrorReasonLongerThanInput() {
        byte[] message = {0x03, 1, 0, 10, 'a', 'b'};

        assertKind(DecodeError.Kind.TRUNCATED, HeloError.decode(message), "reasonLength 10 with 2 bytes");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "ff",           // never valid in UTF-8
        "c0af",         // overlong encoding of '/'
        "e08080",       // overlong encoding of U+0000
        "eda080",       // encoded surrogate U+D800
        "e298",         // three-byte sequence cut after two bytes
        "f4908080",     // above U+10FFFF
        "80",           // continuation byte without a lead byte
    })
    void heloErrorReasonBadUtf8(String reasonHex) {
        byte[] reason = HexFormat.of().parseHex(reasonHex);
        byte[] message = new byte[4 + reason.length];
        message[0] = 0x03;
        message[1] = 3;
        message[3] = (byte) reason.length;
        System.arraycopy(reason, 0, message, 4, reason.length);

        assertKind(DecodeError.Kind.BAD_UTF8, HeloError.decode(message), reasonHex);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1025, 0xffff})
    void registerKeyLengthOutOfRange(int keyLength) {
        byte[] message = new byte[3 + 1100 + 256];
        message[0] = 0x04;
        message[1] = (byte) (keyLength >>> 8);
        message[2] = (byte) keyLength;
        Decoded<Register> decoded = Register.decode(message);

        assertKind(DecodeError.Kind.BAD_LENGTH, decoded, "keyLength " + keyLength);
        assertEquals("REGISTER keyLength " + keyLength + " is out of range: expected 1..1024",
                decoded.error().message());
    }

    @Test
    void registerKeyLongerThanInput() {
        byte[] message = {0x04, 0x01, 0x00, 1, 2, 3};

        assertKind(DecodeError.Kind.TRUNCATED, Register.decode(message), "keyLength 256 with 3 bytes");
    }

    @Test
    void registerShortSignature() {
        byte[] vector = VECTORS.get("register");

        assertKind(DecodeError.Kind.TRUNCATED, Register.decode(Arrays.copyOf(vector, vector.length - 1)), "cut");
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 6, 41, 255})
    void probeReplyFamilyOutOfRange(int family) {
        byte[] message = VECTORS.get("probe-reply").clone();
        message[17] = (byte) family;
        Decoded<ProbeReply> decoded = ProbeReply.decode(message);

        assertKind(DecodeError.Kind.OUT_OF_RANGE, decoded, "family " + family);
        assertEquals("PROBE REPLY family " + family + " is not supported: expected 4", decoded.error().message());
    }

    @Test
    void probeReplyPortZero() {
        byte[] message = VECTORS.get("probe-reply").clone();
        message[22] = 0;
        message[23] = 0;

        assertKind(DecodeError.Kind.OUT_OF_RANGE, ProbeReply.decode(message), "port 0");
    }

    @Test
    void constructorsRejectBadArguments() {
        byte[] nonce = WireFixtures.NONCE_I;
        byte[] dh = WireFixtures.DH_PUBLIC_I;
        assertThrows(IllegalArgumentException.class, () -> new Helo(2, WireFixtures.KEY_FINGERPRINT, nonce, dh));
        assertThrows(IllegalArgumentException.class, () -> new Helo(new byte[15], nonce, dh));
        assertThrows(IllegalArgumentException.class, () -> new Ke1(new byte[127], dh));
        assertThrows(IllegalArgumentException.class, () -> new Ke2(nonce, dh, new byte[255]));
        assertThrows(NullPointerException.class, () -> new AuthOk(null));
        assertThrows(IllegalArgumentException.class,
                () -> new HeloError(HeloErrorCode.MALFORMED_MESSAGE, "x".repeat(1025)));
        assertThrows(IllegalArgumentException.class,
                () -> new HeloError(HeloErrorCode.MALFORMED_MESSAGE, "\u2603".repeat(342)));
        assertThrows(IllegalArgumentException.class, () -> new HeloError(HeloErrorCode.MALFORMED_MESSAGE, "\ud800"));
        assertThrows(IllegalArgumentException.class, () -> new Register(new byte[0], WireFixtures.SIGNATURE));
        assertThrows(IllegalArgumentException.class, () -> new Register(new byte[1025], WireFixtures.SIGNATURE));
        assertThrows(IllegalArgumentException.class,
                () -> new ProbeReply(WireFixtures.TOKEN, WireFixtures.ipv4("10.0.0.1"), 0));
        assertThrows(IllegalArgumentException.class,
                () -> new ProbeReply(WireFixtures.TOKEN, WireFixtures.ipv4("10.0.0.1"), 65536));
        assertThrows(IllegalArgumentException.class, () -> new Control("Upper", 1, new JsonObject()));
        assertThrows(IllegalArgumentException.class, () -> new Control("", 1, new JsonObject()));
        assertThrows(IllegalArgumentException.class, () -> new Control("a".repeat(65), 1, new JsonObject()));
        assertThrows(IllegalArgumentException.class, () -> new Control("ok", -1, new JsonObject()));
        assertThrows(IllegalArgumentException.class, () -> new Control("ok", Control.MAX_ID + 1, new JsonObject()));
        assertThrows(IllegalArgumentException.class,
                () -> new Control("ok", 1, new JsonObject().put("p", "x".repeat(Control.MAX_ENVELOPE_LENGTH))));
        assertThrows(IllegalArgumentException.class, () -> new Control("ok", 1, new JsonObject().put("s", "\udc00")));
    }

    @Test
    void plainFrameSizeMismatch() {
        byte[] frame = VECTORS.get("frame-helo-error");

        assertKind(DecodeError.Kind.TRUNCATED, TcpFrames.decodePlain(Arrays.copyOf(frame, frame.length - 1)), "short");
        assertKind(DecodeError.Kind.TRAILING_BYTES, TcpFrames.decodePlain(Arrays.copyOf(frame, frame.length + 1)),
                "long");
        assertKind(DecodeError.Kind.TRUNCATED, TcpFrames.decodePlain(new byte[3]), "no size field");
    }

    @Test
    void plainFrameSizeOutOfRange() {
        assertKind(DecodeError.Kind.BAD_LENGTH, TcpFrames.decodePlain(new byte[] {0, 0, 0, 0}), "size 0");
        assertKind(DecodeError.Kind.BAD_LENGTH, TcpFrames.decodePlain(new byte[] {0, 1, 0, 1, 1}), "size 65537");
        assertKind(DecodeError.Kind.BAD_LENGTH, TcpFrames.decodePlain(new byte[] {(byte) 0xff, 0, 0, 0}), "size 2^32");
    }

    @Test
    void plainFrameRejectsProtectedType() {
        byte[] auth = VECTORS.get("auth");
        byte[] frame = new byte[4 + auth.length];
        frame[2] = (byte) (auth.length >>> 8);
        frame[3] = (byte) auth.length;
        System.arraycopy(auth, 0, frame, 4, auth.length);

        assertKind(DecodeError.Kind.WRONG_TYPE, TcpFrames.decodePlain(frame), "AUTH in a plain frame");
        assertThrows(IllegalArgumentException.class, () -> TcpFrames.encodePlain(MESSAGES.get("auth")));
    }

    @Test
    void datagramShorterThanHeader() {
        for (int length = 0; length < WireFormat.UDP_HEADER_LENGTH; length++) {
            assertKind(DecodeError.Kind.TRUNCATED, UdpDatagrams.decode(new byte[length]), length + " bytes");
            assertFalse(UdpDatagrams.isUnprotected(new byte[length]));
        }
        assertKind(DecodeError.Kind.TRUNCATED, UdpDatagrams.decode(new byte[8]), "header only");
    }

    @Test
    void datagramWithMessageIdRejected() {
        byte[] datagram = VECTORS.get("datagram-ke1").clone();
        datagram[7] = 1;

        assertFalse(UdpDatagrams.isUnprotected(datagram));
        assertKind(DecodeError.Kind.BAD_FIELD, UdpDatagrams.decode(datagram), "message ID 1");
    }

    @Test
    void handshakeDatagramWithZeroSpi() {
        byte[] datagram = VECTORS.get("datagram-ke1").clone();
        Arrays.fill(datagram, 0, 4, (byte) 0);

        assertKind(DecodeError.Kind.BAD_FIELD, UdpDatagrams.decode(datagram), "KE1 with SPI 0");
        assertThrows(IllegalArgumentException.class, () -> UdpDatagrams.encodeHandshake(0, MESSAGES.get("ke1")));
    }

    @Test
    void probeDatagramWithSpi() {
        byte[] datagram = VECTORS.get("datagram-probe").clone();
        datagram[3] = 9;

        assertKind(DecodeError.Kind.BAD_FIELD, UdpDatagrams.decode(datagram), "PROBE with SPI 9");
    }

    @Test
    void datagramRejectsTcpType() {
        byte[] helo = VECTORS.get("helo");
        byte[] datagram = new byte[8 + helo.length];
        System.arraycopy(helo, 0, datagram, 8, helo.length);

        assertKind(DecodeError.Kind.WRONG_TYPE, UdpDatagrams.decode(datagram), "HELO in a datagram");
        assertThrows(IllegalArgumentException.class, () -> UdpDatagrams.encodeProbe(MESSAGES.get("ke1")));
        assertThrows(IllegalArgumentException.class, () -> UdpDatagrams.encodeHandshake(5, MESSAGES.get("probe")));
    }

    static void assertKind(DecodeError.Kind expected, Decoded<?> decoded, String context) {
        assertFalse(decoded.isOk(), context + ": decoded as " + (decoded.isOk() ? decoded.value() : null));
        assertEquals(expected, decoded.error().kind(), context + ": " + decoded.error());
    }
}
