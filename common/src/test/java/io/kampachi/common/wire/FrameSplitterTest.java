package io.kampachi.common.wire;

import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The stream splitter of the TCP control connection. */
class FrameSplitterTest {

    private static final long SEED = 0x5eed_0002L;
    private static final HexFormat HEX = HexFormat.of();

    private final List<String> frames = new ArrayList<>();
    private final List<DecodeError> errors = new ArrayList<>();
    private final FrameSplitter splitter = new FrameSplitter(frame -> frames.add(HEX.formatHex(frame.getBytes())),
            errors::add);

    /** Three frames of different lengths, including the shortest (size 1, an unknown type byte). */
    private static final List<byte[]> STREAM_FRAMES = List.of(
            TcpFrames.encodePlain(WireFixtures.expectedMessages().get("helo-error")),
            new byte[] {0, 0, 0, 1, 0x7f},
            TcpFrames.encodePlain(WireFixtures.expectedMessages().get("helo")));

    @Test
    void wholeStreamInOneChunk() {
        splitter.handle(Buffer.buffer(stream()));

        assertEquals(expectedFrames(), frames);
        assertEquals(0, splitter.bufferedLength());
    }

    @Test
    void everySplitPointOfStream() {
        byte[] stream = stream();
        for (int split = 0; split <= stream.length; split++) {
            frames.clear();
            splitter.handle(slice(stream, 0, split));
            splitter.handle(slice(stream, split, stream.length));

            assertEquals(expectedFrames(), frames, "split at " + split);
            assertTrue(errors.isEmpty(), "split at " + split + ": " + errors);
            assertEquals(0, splitter.bufferedLength(), "split at " + split);
        }
    }

    @Test
    void everyPairOfSplitPointsAroundFrameEdges() {
        byte[] stream = stream();
        int firstEnd = STREAM_FRAMES.get(0).length;
        for (int first = 0; first <= firstEnd + 6; first++) {
            for (int second = first; second <= stream.length; second++) {
                frames.clear();
                splitter.handle(slice(stream, 0, first));
                splitter.handle(slice(stream, first, second));
                splitter.handle(slice(stream, second, stream.length));

                assertEquals(expectedFrames(), frames, "splits at " + first + " and " + second);
            }
        }
        assertTrue(errors.isEmpty(), errors.toString());
    }

    @Test
    void oneByteAtATime() {
        for (byte b : stream()) {
            splitter.handle(Buffer.buffer(new byte[] {b}));
        }

        assertEquals(expectedFrames(), frames);
    }

    @Test
    void randomChunkings() {
        Random random = new Random(SEED);
        byte[] stream = stream();
        for (int round = 0; round < 500; round++) {
            frames.clear();
            int offset = 0;
            while (offset < stream.length) {
                int length = Math.min(stream.length - offset, random.nextInt(40));
                splitter.handle(slice(stream, offset, offset + length));
                offset += length;
            }
            assertEquals(expectedFrames(), frames, "round " + round + " (seed " + SEED + ")");
        }
    }

    @Test
    void largestFrameAccepted() {
        byte[] frame = new byte[4 + WireFormat.MAX_FRAME_SIZE];
        frame[1] = 1;
        splitter.handle(slice(frame, 0, 1000));
        splitter.handle(slice(frame, 1000, frame.length));

        assertEquals(1, frames.size());
        assertEquals(frame.length, frames.get(0).length() / 2);
        assertTrue(errors.isEmpty(), errors.toString());
    }

    @Test
    void oversizeRejectedBeforeBody() {
        splitter.handle(Buffer.buffer(new byte[] {0, 1, 0, 1}));

        assertEquals(1, errors.size());
        assertEquals(DecodeError.Kind.BAD_LENGTH, errors.get(0).kind());
        assertEquals("frame size 65537 is out of range: expected 1..65536", errors.get(0).message());
        assertTrue(splitter.failed());
        assertEquals(0, splitter.bufferedLength());
    }

    @Test
    void oversizeRejectedWhenSizeFieldSpansChunks() {
        splitter.handle(Buffer.buffer(new byte[] {(byte) 0xff, (byte) 0xff}));
        assertTrue(errors.isEmpty());
        splitter.handle(Buffer.buffer(new byte[] {(byte) 0xff, (byte) 0xff}));

        assertEquals(1, errors.size());
        assertEquals("frame size 4294967295 is out of range: expected 1..65536", errors.get(0).message());
    }

    @Test
    void oversizeAfterValidFrameRejected() {
        byte[] first = STREAM_FRAMES.get(1);
        byte[] input = new byte[first.length + 4];
        System.arraycopy(first, 0, input, 0, first.length);
        input[first.length] = 0x01;
        splitter.handle(Buffer.buffer(input));

        assertEquals(List.of(HEX.formatHex(first)), frames);
        assertEquals(1, errors.size());
    }

    @Test
    void zeroSizeRejected() {
        splitter.handle(Buffer.buffer(new byte[] {0, 0, 0, 0, 1, 2, 3}));

        assertEquals(1, errors.size());
        assertEquals(DecodeError.Kind.BAD_LENGTH, errors.get(0).kind());
        assertEquals("frame size 0 is out of range: expected 1..65536", errors.get(0).message());
        assertTrue(frames.isEmpty());
    }

    @Test
    void inputAfterErrorIgnored() {
        splitter.handle(Buffer.buffer(new byte[] {0, 0, 0, 0}));
        splitter.handle(Buffer.buffer(stream()));

        assertEquals(1, errors.size());
        assertTrue(frames.isEmpty());
    }

    @Test
    void handlerFailureStopsSplitter() {
        List<String> seen = new ArrayList<>();
        FrameSplitter throwing = new FrameSplitter(frame -> {
            seen.add(HEX.formatHex(frame.getBytes()));
            if (seen.size() == 1) {
                throw new IllegalStateException("handler failed");
            }
        }, errors::add);
        byte[] stream = stream();
        int cut = STREAM_FRAMES.get(0).length + 2;

        assertThrows(IllegalStateException.class, () -> throwing.handle(slice(stream, 0, cut)));
        assertTrue(throwing.failed());

        // The two bytes after the first frame were never consumed, so the rest of the stream must not be parsed
        // as if it started at a frame boundary.
        throwing.handle(slice(stream, cut, stream.length));
        assertEquals(1, seen.size());
        assertTrue(errors.isEmpty());
    }

    @Test
    void handlerFailureInSpanningFrameStopsSplitter() {
        List<String> seen = new ArrayList<>();
        FrameSplitter throwing = new FrameSplitter(frame -> {
            seen.add(HEX.formatHex(frame.getBytes()));
            throw new IllegalStateException("handler failed");
        }, errors::add);
        byte[] stream = stream();
        int firstEnd = STREAM_FRAMES.get(0).length;
        throwing.handle(slice(stream, 0, firstEnd - 1));

        assertThrows(IllegalStateException.class, () -> throwing.handle(slice(stream, firstEnd - 1, stream.length)));
        assertTrue(throwing.failed());
        assertEquals(1, seen.size());
    }

    @Test
    void incompleteFrameHeldUntilComplete() {
        byte[] frame = STREAM_FRAMES.get(0);
        splitter.handle(slice(frame, 0, 10));

        assertTrue(frames.isEmpty());
        assertEquals(10, splitter.bufferedLength());
        assertFalse(splitter.failed());
    }

    @Test
    void emptyChunkIgnored() {
        splitter.handle(Buffer.buffer());

        assertTrue(frames.isEmpty());
        assertTrue(errors.isEmpty());
    }

    @Test
    void framesInsideOneChunkShareItsMemory() {
        List<Buffer> emitted = new ArrayList<>();
        FrameSplitter sharing = new FrameSplitter(emitted::add, errors::add);
        Buffer chunk = Buffer.buffer(STREAM_FRAMES.get(1));
        sharing.handle(chunk);
        chunk.setByte(4, (byte) 0x11);

        assertEquals(0x11, emitted.get(0).getByte(4));
    }

    @Test
    void splitFramesDecodeAsMessages() {
        List<Decoded<Message>> decoded = new ArrayList<>();
        FrameSplitter decoding = new FrameSplitter(frame -> decoded.add(TcpFrames.decodePlain(frame)), errors::add);
        byte[] stream = stream();
        decoding.handle(slice(stream, 0, 7));
        decoding.handle(slice(stream, 7, stream.length));

        assertEquals(3, decoded.size());
        assertEquals(Decoded.ok(WireFixtures.expectedMessages().get("helo-error")), decoded.get(0));
        assertEquals(DecodeError.Kind.UNKNOWN_TYPE, decoded.get(1).error().kind());
        assertEquals(Decoded.ok(WireFixtures.expectedMessages().get("helo")), decoded.get(2));
    }

    private static byte[] stream() {
        int length = STREAM_FRAMES.stream().mapToInt(frame -> frame.length).sum();
        byte[] stream = new byte[length];
        int offset = 0;
        for (byte[] frame : STREAM_FRAMES) {
            System.arraycopy(frame, 0, stream, offset, frame.length);
            offset += frame.length;
        }
        return stream;
    }

    private static List<String> expectedFrames() {
        return STREAM_FRAMES.stream().map(HEX::formatHex).toList();
    }

    private static Buffer slice(byte[] bytes, int from, int to) {
        byte[] part = new byte[to - from];
        System.arraycopy(bytes, from, part, 0, part.length);
        return Buffer.buffer(part);
    }
}
