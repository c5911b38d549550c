package io.kampachi.common.wire;

import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Feeds random and mutated inputs to every decoder and checks that each returns a typed result and never throws.
 * Valid results must also re-encode to the input, for every message except CONTROL, whose JSON may carry
 * whitespace or another member order.
 */
class RandomizedDecoderTest {

    private static final long SEED = 0x5eed_0003L;
    private static final int INPUTS = 100_000;
    private static final int MAX_SHOWN_BYTES = 64;

    private final Random random = new Random(SEED);
    private final List<byte[]> seeds = new ArrayList<>(WireFixtures.loadVectors().values());
    private final Map<String, Function<byte[], Decoded<?>>> decoders = decoders();

    @Test
    void decodersNeverThrow() {
        addEnvelopeSeeds();
        SplitterDriver splitter = new SplitterDriver();
        for (int index = 0; index < INPUTS; index++) {
            byte[] input = nextInput();
            for (Map.Entry<String, Function<byte[], Decoded<?>>> decoder : decoders.entrySet()) {
                Decoded<?> result = run(decoder.getKey(), decoder.getValue(), input, index);
                if (result == null) {
                    fail(context(decoder.getKey() + " returned null", input, index));
                }
            }
            checkConsistency(input, index);
            splitter.feed(input, index);
        }
        assertTrue(splitter.frames > 0, "the splitter emitted no frame (seed " + SEED + ")");
        assertTrue(splitter.errors > 0, "the splitter reported no error (seed " + SEED + ")");
    }

    /** Checks that a decoded message re-encodes to the input and that the typed decoder agrees. */
    private void checkConsistency(byte[] input, int index) {
        Decoded<Message> decoded = Messages.decode(input);
        if (!decoded.isOk()) {
            return;
        }
        Message message = decoded.value();
        assertEquals(decoded, RoundTripTest.typedDecoder(message.type()).apply(input),
                () -> context("typed decoder disagrees", input, index));
        if (!(message instanceof Control)) {
            assertArrayEquals(input, message.encode(), () -> context("re-encoding differs", input, index));
        }
    }

    private Decoded<?> run(String name, Function<byte[], Decoded<?>> decoder, byte[] input, int index) {
        try {
            return decoder.apply(input);
        } catch (Throwable e) {
            throw new AssertionError(context(name, input, index) + " threw " + e, e);
        }
    }

    private static String context(String decoder, byte[] input, int index) {
        String hex = HexFormat.of().formatHex(input, 0, Math.min(input.length, MAX_SHOWN_BYTES));
        return String.format("%s, input %d of seed %d, %d bytes: %s%s", decoder, index, SEED, input.length, hex,
                input.length > MAX_SHOWN_BYTES ? "..." : "");
    }

    private byte[] nextInput() {
        int strategy = random.nextInt(10);
        return switch (strategy) {
            case 0 -> randomBytes(random.nextInt(64));
            case 1 -> randomBytes(random.nextInt(1200));
            case 2 -> withTypeByte(randomBytes(1 + random.nextInt(700)));
            case 3 -> inContainer(mutate(seed()));
            default -> mutate(seed());
        };
    }

    private byte[] seed() {
        return seeds.get(random.nextInt(seeds.size())).clone();
    }

    /** Applies one to four mutations: bit flips, byte changes, truncation, extension, insertion or deletion. */
    private byte[] mutate(byte[] input) {
        byte[] bytes = input;
        int mutations = 1 + random.nextInt(4);
        for (int i = 0; i < mutations; i++) {
            bytes = switch (random.nextInt(8)) {
                case 0, 1 -> flipBit(bytes);
                case 2 -> setByte(bytes, random.nextInt(256));
                case 3 -> bytes.length == 0 ? bytes : Arrays.copyOf(bytes, random.nextInt(bytes.length));
                case 4 -> concat(bytes, randomBytes(1 + random.nextInt(8)));
                case 5 -> withTypeByte(bytes);
                case 6 -> setByte(bytes, interestingByte());
                default -> deleteByte(bytes);
            };
        }
        return bytes;
    }

    private byte[] flipBit(byte[] bytes) {
        if (bytes.length > 0) {
            bytes[random.nextInt(bytes.length)] ^= (byte) (1 << random.nextInt(8));
        }
        return bytes;
    }

    private byte[] setByte(byte[] bytes, int value) {
        if (bytes.length > 0) {
            bytes[random.nextInt(bytes.length)] = (byte) value;
        }
        return bytes;
    }

    private byte[] deleteByte(byte[] bytes) {
        if (bytes.length == 0) {
            return bytes;
        }
        int at = random.nextInt(bytes.length);
        byte[] shorter = new byte[bytes.length - 1];
        System.arraycopy(bytes, 0, shorter, 0, at);
        System.arraycopy(bytes, at + 1, shorter, at, shorter.length - at);
        return shorter;
    }

    /** Replaces the first byte with a known type byte most of the time, or any byte otherwise. */
    private byte[] withTypeByte(byte[] bytes) {
        if (bytes.length > 0) {
            MessageType[] types = MessageType.values();
            bytes[0] = random.nextInt(4) == 0 ? (byte) random.nextInt(256)
                    : (byte) types[random.nextInt(types.length)].code();
        }
        return bytes;
    }

    private int interestingByte() {
        int[] values = {0x00, 0x01, 0x04, 0x7f, 0x80, 0xff, '{', '}', '"', '[', ']', ',', ':', '\\', 0xc0, 0xed};
        return values[random.nextInt(values.length)];
    }

    /** Wraps a message in a plain frame header or a datagram header, with a correct or random size or SPI. */
    private byte[] inContainer(byte[] message) {
        byte[] header = new byte[random.nextBoolean() ? WireFormat.SIZE_FIELD_LENGTH : WireFormat.UDP_HEADER_LENGTH];
        if (header.length == WireFormat.SIZE_FIELD_LENGTH && random.nextBoolean()) {
            int size = message.length;
            header[0] = (byte) (size >>> 24);
            header[1] = (byte) (size >>> 16);
            header[2] = (byte) (size >>> 8);
            header[3] = (byte) size;
        } else if (random.nextBoolean()) {
            random.nextBytes(header);
        }
        return concat(header, message);
    }

    private void addEnvelopeSeeds() {
        String[] envelopes = {
            "{\"type\":\"network.create\",\"id\":7,\"body\":{\"name\":\"lan\",\"password\":\"x\"}}",
            "{\"type\":\"sync\",\"id\":0,\"body\":{\"networks\":[{\"id\":1,\"members\":[{\"online\":true}]}]}}",
            "{\"type\":\"error\",\"id\":9007199254740991,\"body\":{\"code\":\"internal\",\"message\":\"\\u00e9\"}}",
            " { \"body\" : { } , \"id\" : 1 , \"type\" : \"ok\" } ",
            "{\"type\":\"ok\",\"id\":1,\"body\":{\"s\":\"\\ud83d\\ude00\",\"n\":[1e308,-0,1E2]}}",
        };
        for (String envelope : envelopes) {
            byte[] json = envelope.getBytes(StandardCharsets.UTF_8);
            seeds.add(json);
            seeds.add(concat(new byte[] {(byte) MessageType.CONTROL.code()}, json));
        }
    }

    private byte[] randomBytes(int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }

    private static byte[] concat(byte[] first, byte[] second) {
        byte[] joined = Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, joined, first.length, second.length);
        return joined;
    }

    private static Map<String, Function<byte[], Decoded<?>>> decoders() {
        Map<String, Function<byte[], Decoded<?>>> decoders = new LinkedHashMap<>();
        decoders.put("Messages.decode(byte[])", Messages::decode);
        decoders.put("Messages.decode(Buffer)", bytes -> Messages.decode(Buffer.buffer(bytes)));
        for (MessageType type : MessageType.values()) {
            Function<byte[], Decoded<? extends Message>> typed = RoundTripTest.typedDecoder(type);
            decoders.put(type.displayName() + " decoder", typed::apply);
        }
        decoders.put("Control.decodeEnvelope", Control::decodeEnvelope);
        decoders.put("TcpFrames.decodePlain(byte[])", TcpFrames::decodePlain);
        decoders.put("TcpFrames.decodePlain(Buffer)", bytes -> TcpFrames.decodePlain(Buffer.buffer(bytes)));
        decoders.put("UdpDatagrams.decode(byte[])", UdpDatagrams::decode);
        decoders.put("UdpDatagrams.decode(Buffer)", bytes -> UdpDatagrams.decode(Buffer.buffer(bytes)));
        decoders.put("UdpDatagrams.isUnprotected", bytes -> {
            UdpDatagrams.isUnprotected(bytes);
            UdpDatagrams.isUnprotected(Buffer.buffer(bytes));
            return Decoded.ok(bytes);
        });
        return decoders;
    }

    /**
     * Feeds every input to a frame splitter as part of one stream, in random chunks, and decodes each frame it emits.
     * Random inputs often carry an out-of-range size, so a fresh splitter replaces a failed one.
     */
    private final class SplitterDriver {

        private FrameSplitter splitter;
        private int frames;
        private int errors;
        private int errorsOfCurrent;

        SplitterDriver() {
            replace();
        }

        void feed(byte[] input, int index) {
            int offset = 0;
            while (offset < input.length) {
                int length = Math.min(input.length - offset, 1 + random.nextInt(input.length));
                Buffer chunk = Buffer.buffer(Arrays.copyOfRange(input, offset, offset + length));
                try {
                    splitter.handle(chunk);
                } catch (Throwable e) {
                    throw new AssertionError(context("FrameSplitter", input, index) + " threw " + e, e);
                }
                offset += length;
            }
            if (errorsOfCurrent > 1) {
                fail(context("FrameSplitter reported more than one error", input, index));
            }
            if (splitter.failed() || random.nextInt(50) == 0) {
                replace();
            }
        }

        private void replace() {
            errorsOfCurrent = 0;
            splitter = new FrameSplitter(frame -> {
                frames++;
                assertEquals(frame.length(), WireFormat.SIZE_FIELD_LENGTH + frame.getUnsignedInt(0));
                assertNotNull(TcpFrames.decodePlain(frame));
            }, error -> {
                errors++;
                errorsOfCurrent++;
            });
        }
    }
}
