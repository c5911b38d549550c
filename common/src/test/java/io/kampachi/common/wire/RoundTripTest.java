package io.kampachi.common.wire;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/** Encodes messages with random field values and decodes them back through every entry point. */
class RoundTripTest {

    private static final long SEED = 0x5eed_0001L;
    private static final int MESSAGES_PER_TYPE = 200;

    private final Random random = new Random(SEED);

    @Test
    void everyMessageRoundTrips() {
        for (Message message : randomMessages()) {
            byte[] encoded = message.encode();
            String context = message + " (seed " + SEED + ")";

            assertEquals(message.type().code(), encoded[0] & 0xff, context);
            assertEquals(Decoded.ok(message), Messages.decode(encoded), context);
            assertEquals(Decoded.ok(message), Messages.decode(Buffer.buffer(encoded)), context);
            assertEquals(Decoded.ok(message), typedDecoder(message.type()).apply(encoded), context);
            assertEquals(message.hashCode(), Messages.decode(encoded).value().hashCode(), context);
            assertArrayEquals(encoded, Messages.decode(encoded).value().encode(), context);
        }
    }

    @Test
    void everyMessageRoundTripsInItsContainer() {
        for (Message message : randomMessages()) {
            String context = message + " (seed " + SEED + ")";
            switch (message.type().channel()) {
                case TCP_PLAIN -> assertEquals(Decoded.ok(message),
                        TcpFrames.decodePlain(TcpFrames.encodePlain(message)), context);
                case TCP_PROTECTED -> assertEquals(Decoded.ok(message), Messages.decode(message.encode()), context);
                case UDP_HANDSHAKE -> {
                    int spi = random.nextInt() | 1;
                    assertEquals(Decoded.ok(new UnprotectedDatagram(spi, message)),
                            UdpDatagrams.decode(UdpDatagrams.encodeHandshake(spi, message)), context);
                }
                case UDP_PROBE -> assertEquals(Decoded.ok(new UnprotectedDatagram(0, message)),
                        UdpDatagrams.decode(UdpDatagrams.encodeProbe(message)), context);
                default -> throw new AssertionError(message.type().channel());
            }
        }
    }

    @Test
    void extremeLengthsRoundTrip() {
        List<Message> messages = List.of(
                new HeloError(HeloErrorCode.UNKNOWN_SERVER_KEY, "x".repeat(WireFormat.MAX_REASON_LENGTH)),
                new HeloError(HeloErrorCode.MALFORMED_MESSAGE, "\u2603".repeat(WireFormat.MAX_REASON_LENGTH / 3)),
                new Register(new byte[] {0x30}, WireFixtures.SIGNATURE),
                new Register(new byte[WireFormat.MAX_PUBLIC_KEY_LENGTH], WireFixtures.SIGNATURE),
                new RegisterOk(-1),
                new Control("a", 0, new JsonObject()),
                new Control("a".repeat(Control.MAX_TYPE_LENGTH), Control.MAX_ID, new JsonObject()),
                new ProbeReply(WireFixtures.TOKEN, WireFixtures.ipv4("255.255.255.255"), 65535),
                new ProbeReply(WireFixtures.TOKEN, WireFixtures.ipv4("0.0.0.0"), 1));
        for (Message message : messages) {
            assertEquals(Decoded.ok(message), Messages.decode(message.encode()), message.toString());
        }
    }

    @Test
    void largestEnvelopeRoundTrips() {
        int overhead = new Control("a", 0, new JsonObject().put("p", "")).encodeEnvelope().length;
        String padding = "x".repeat(Control.MAX_ENVELOPE_LENGTH - overhead);
        Control largest = new Control("a", 0, new JsonObject().put("p", padding));

        assertEquals(Control.MAX_ENVELOPE_LENGTH, largest.encodeEnvelope().length);
        assertEquals(Decoded.ok(largest), Messages.decode(largest.encode()));
    }

    @Test
    void recordsCopyByteArrays() {
        byte[] nonce = WireFixtures.NONCE_I.clone();
        Ke1 message = new Ke1(nonce, WireFixtures.DH_PUBLIC_I);
        nonce[0] ^= 1;
        message.nonce()[1] ^= 1;

        assertArrayEquals(WireFixtures.NONCE_I, message.nonce());
    }

    @Test
    void controlCopiesBody() {
        JsonObject body = new JsonObject().put("name", "lan");
        Control message = new Control(ControlTypes.NETWORK_JOIN, 3, body);
        body.put("name", "changed");
        message.body().put("name", "changed too");

        assertEquals("lan", message.body().getString("name"));
    }

    @Test
    void equalityFollowsContents() {
        assertEquals(new Probe(WireFixtures.fill(16, 1)), new Probe(WireFixtures.fill(16, 1)));
        assertNotEquals(new Probe(WireFixtures.fill(16, 1)), new Probe(WireFixtures.fill(16, 2)));
        assertEquals(new Probe(WireFixtures.fill(16, 1)).hashCode(), new Probe(WireFixtures.fill(16, 1)).hashCode());
    }

    private List<Message> randomMessages() {
        List<Message> messages = new ArrayList<>();
        for (int i = 0; i < MESSAGES_PER_TYPE; i++) {
            messages.add(new Helo(bytes(16), bytes(128), bytes(256)));
            messages.add(new HeloOk(bytes(128), bytes(256)));
            messages.add(new HeloError(HeloErrorCode.values()[random.nextInt(4)], randomText(random.nextInt(300))));
            messages.add(new Register(bytes(1 + random.nextInt(WireFormat.MAX_PUBLIC_KEY_LENGTH)), bytes(256)));
            messages.add(new RegisterOk(random.nextInt()));
            messages.add(new Auth(random.nextInt(), bytes(256)));
            messages.add(new AuthOk(bytes(256)));
            messages.add(new Ke1(bytes(128), bytes(256)));
            messages.add(new Ke2(bytes(128), bytes(256), bytes(256)));
            messages.add(new Ke3(bytes(128), bytes(256), bytes(256)));
            messages.add(randomControl());
            messages.add(new Probe(bytes(16)));
            messages.add(new ProbeReply(bytes(16), randomAddress(), 1 + random.nextInt(65535)));
        }
        return messages;
    }

    private Control randomControl() {
        List<String> types = new ArrayList<>(ControlTypes.REQUESTS);
        types.addAll(ControlTypes.EVENTS);
        types.addAll(ControlTypes.REPLIES);
        JsonObject body = new JsonObject()
                .put("text", randomText(random.nextInt(40)))
                .put("number", random.nextLong())
                .put("flag", random.nextBoolean())
                .put("list", new JsonArray().add(random.nextInt()).add(new JsonObject().put("nested", "yes")));
        String type = types.get(random.nextInt(types.size()));
        return new Control(type, random.nextLong() & Control.MAX_ID, body);
    }

    private byte[] bytes(int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }

    /** Returns text with one-, two-, three- and four-byte UTF-8 characters that fits in {@code maxBytes} bytes. */
    private String randomText(int maxBytes) {
        int[] codePoints = {'a', 'Z', '7', ' ', 0xe9, 0x3b1, 0x2603, 0x6f22, 0x1f600};
        StringBuilder text = new StringBuilder();
        int length = 0;
        while (true) {
            int codePoint = codePoints[random.nextInt(codePoints.length)];
            int size = new String(Character.toChars(codePoint)).getBytes(StandardCharsets.UTF_8).length;
            if (length + size > maxBytes) {
                return text.toString();
            }
            text.appendCodePoint(codePoint);
            length += size;
        }
    }

    private Inet4Address randomAddress() {
        try {
            return (Inet4Address) InetAddress.getByAddress(bytes(4));
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    /** Returns the typed decoder of a message type, widened to decode into {@link Message}. */
    static Function<byte[], Decoded<? extends Message>> typedDecoder(MessageType type) {
        return switch (type) {
            case HELO -> Helo::decode;
            case HELO_OK -> HeloOk::decode;
            case HELO_ERROR -> HeloError::decode;
            case REGISTER -> Register::decode;
            case REGISTER_OK -> RegisterOk::decode;
            case AUTH -> Auth::decode;
            case AUTH_OK -> AuthOk::decode;
            case KE1 -> Ke1::decode;
            case KE2 -> Ke2::decode;
            case KE3 -> Ke3::decode;
            case CONTROL -> Control::decode;
            case PROBE -> Probe::decode;
            case PROBE_REPLY -> ProbeReply::decode;
        };
    }
}
