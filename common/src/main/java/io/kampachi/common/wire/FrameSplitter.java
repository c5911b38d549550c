package io.kampachi.common.wire;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;

import java.util.Objects;

import static io.kampachi.common.wire.WireFormat.MAX_FRAME_SIZE;
import static io.kampachi.common.wire.WireFormat.SIZE_FIELD_LENGTH;

/**
 * Splits the byte stream of a TCP control connection into frames, {@code size(4) | rest} with {@code size} the length
 * of {@code rest}. Plain frames and protected records share this size field, so one splitter serves the whole
 * connection.
 *
 * <pre>{@code
 * FrameSplitter splitter = new FrameSplitter(frame -> onFrame(frame), error -> socket.close());
 * socket.handler(splitter);
 * }</pre>
 *
 * <p>Chunks may split frames anywhere, and frames come out whole and in order. Each emitted buffer is the complete
 * frame, size field included, because the HMAC of a protected record covers the size. A frame that lies inside one
 * chunk is emitted as a slice of that chunk without copying. Only a frame that spans chunks is copied, into a buffer
 * allocated once its size field is known. A slice shares memory with the chunk, so copy a frame before the chunk is
 * reused.
 *
 * <p>A size above {@value WireFormat#MAX_FRAME_SIZE} or below 1 is rejected as soon as the size field is complete,
 * before any of the body is buffered. After that error the splitter ignores all further input, and the caller should
 * close the connection. The splitter also stops if the frame handler throws, because the bytes after that frame were
 * not consumed. The exception propagates to the caller of {@link #handle(Buffer)}, and the error handler is not called.
 *
 * <p>Not thread-safe. On a Vert.x socket all calls come from the socket's event loop.
 */
public final class FrameSplitter implements Handler<Buffer> {

    private final Handler<Buffer> frameHandler;
    private final Handler<DecodeError> errorHandler;

    /** Bytes of a frame that spans chunks, or null at a frame boundary. */
    private Buffer partial;
    /** Length of the partial frame, size field included, or -1 while its size field is incomplete. */
    private int partialFrameLength = -1;
    private boolean failed;

    /**
     * Creates a splitter.
     *
     * @param frameHandler receives each complete frame, size field included
     * @param errorHandler receives the error, at most once, when a size field is out of range
     */
    public FrameSplitter(Handler<Buffer> frameHandler, Handler<DecodeError> errorHandler) {
        this.frameHandler = Objects.requireNonNull(frameHandler, "frameHandler");
        this.errorHandler = Objects.requireNonNull(errorHandler, "errorHandler");
    }

    /** Feeds the next chunk of the stream. Emits every frame the chunk completes, in order. */
    @Override
    public void handle(Buffer chunk) {
        int offset = 0;
        int length = chunk.length();
        while (offset < length && !failed) {
            offset = partial == null ? splitAtBoundary(chunk, offset) : continuePartial(chunk, offset);
        }
    }

    /**
     * Returns true once a size field was out of range or the frame handler threw, after which the splitter ignores
     * further input.
     */
    public boolean failed() {
        return failed;
    }

    /** Returns the number of bytes held for a frame that is not complete yet. */
    public int bufferedLength() {
        return partial == null ? 0 : partial.length();
    }

    /** Handles input that starts at a frame boundary and returns the offset after the bytes consumed. */
    private int splitAtBoundary(Buffer chunk, int offset) {
        int available = chunk.length() - offset;
        if (available < SIZE_FIELD_LENGTH) {
            partial = Buffer.buffer(SIZE_FIELD_LENGTH).appendBuffer(chunk, offset, available);
            return chunk.length();
        }
        int frameLength = checkedFrameLength(chunk.getUnsignedInt(offset));
        if (frameLength < 0) {
            return chunk.length();
        }
        if (available >= frameLength) {
            emit(chunk.slice(offset, offset + frameLength));
            return offset + frameLength;
        }
        partial = Buffer.buffer(frameLength).appendBuffer(chunk, offset, available);
        partialFrameLength = frameLength;
        return chunk.length();
    }

    /** Adds input to a frame that started in an earlier chunk and returns the offset after the bytes consumed. */
    private int continuePartial(Buffer chunk, int offset) {
        if (partialFrameLength < 0) {
            int take = Math.min(SIZE_FIELD_LENGTH - partial.length(), chunk.length() - offset);
            partial.appendBuffer(chunk, offset, take);
            offset += take;
            if (partial.length() < SIZE_FIELD_LENGTH) {
                return offset;
            }
            int frameLength = checkedFrameLength(partial.getUnsignedInt(0));
            if (frameLength < 0) {
                return chunk.length();
            }
            partial = Buffer.buffer(frameLength).appendBuffer(partial);
            partialFrameLength = frameLength;
        }
        int take = Math.min(partialFrameLength - partial.length(), chunk.length() - offset);
        partial.appendBuffer(chunk, offset, take);
        offset += take;
        if (partial.length() == partialFrameLength) {
            Buffer frame = partial;
            partial = null;
            partialFrameLength = -1;
            emit(frame);
        }
        return offset;
    }

    /**
     * Passes a frame to the frame handler. If the handler throws, the rest of the current chunk is lost, and later
     * input would be misread as starting at a frame boundary. So the splitter stops, as after a size error, and
     * rethrows.
     */
    private void emit(Buffer frame) {
        try {
            frameHandler.handle(frame);
        } catch (RuntimeException | Error e) {
            failed = true;
            partial = null;
            partialFrameLength = -1;
            throw e;
        }
    }

    /** Returns the whole frame length for a size field, or -1 after reporting a size out of range. */
    private int checkedFrameLength(long size) {
        if (size < 1 || size > MAX_FRAME_SIZE) {
            failed = true;
            partial = null;
            partialFrameLength = -1;
            errorHandler.handle(TcpFrames.sizeOutOfRange(size));
            return -1;
        }
        return SIZE_FIELD_LENGTH + (int) size;
    }
}
