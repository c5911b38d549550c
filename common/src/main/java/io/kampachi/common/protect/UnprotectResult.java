package io.kampachi.common.protect;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Outcome of {@link MessageUnprotector}: either a verified message with its next header and the
 * location of its payload, or the {@link RejectReason} that stopped it.
 *
 * <p>The in-place methods of {@code MessageUnprotector} return one result object that the
 * unprotector owns and overwrites on its next call, so that no object is allocated per message.
 * {@link MessageUnprotector#unprotect(byte[])} returns a result of the caller's own.
 */
public final class UnprotectResult {

    private RejectReason reason;
    private int nextHeader;
    private long messageId;
    private byte[] array;
    private ByteBuffer buffer;
    private int payloadOffset;
    private int payloadLength;

    UnprotectResult() {
    }

    UnprotectResult reject(RejectReason rejectReason, long id) {
        reason = rejectReason;
        messageId = id;
        nextHeader = -1;
        array = null;
        buffer = null;
        payloadOffset = 0;
        payloadLength = 0;
        return this;
    }

    UnprotectResult accept(int header, long id, byte[] source, int offset, int length) {
        reason = null;
        nextHeader = header;
        messageId = id;
        array = source;
        buffer = null;
        payloadOffset = offset;
        payloadLength = length;
        return this;
    }

    /** Rebases an accepted result onto a {@link ByteBuffer}, whose indices the offsets then are. */
    UnprotectResult onBuffer(ByteBuffer source, int offset) {
        array = null;
        buffer = source;
        payloadOffset = offset;
        return this;
    }

    /** Returns whether the message verified and passed every check. */
    public boolean isOk() {
        return reason == null;
    }

    /** Returns why the message was rejected, or {@code null} if it was accepted. */
    public RejectReason reason() {
        return reason;
    }

    /**
     * Returns the message ID, or 0 if the message was rejected before its ID was read. For a
     * rejected message the ID is unauthenticated and only fit for diagnostics.
     */
    public long messageId() {
        return messageId;
    }

    /** Returns the next-header value, 0 to 255. */
    public int nextHeader() {
        checkOk();
        return nextHeader;
    }

    /**
     * Returns where the payload starts: an index into the array given to
     * {@link MessageUnprotector#unprotectInPlace(byte[], int, int)}, into the buffer given to
     * {@link MessageUnprotector#unprotectInPlace(ByteBuffer)}, or 0 for
     * {@link MessageUnprotector#unprotect(byte[])}.
     */
    public int payloadOffset() {
        checkOk();
        return payloadOffset;
    }

    /** Returns the payload length in bytes. */
    public int payloadLength() {
        checkOk();
        return payloadLength;
    }

    /** Returns a copy of the payload. */
    public byte[] payload() {
        checkOk();
        if (buffer != null) {
            byte[] copy = new byte[payloadLength];
            buffer.get(payloadOffset, copy);
            return copy;
        }
        return Arrays.copyOfRange(array, payloadOffset, payloadOffset + payloadLength);
    }

    @Override
    public String toString() {
        if (!isOk()) {
            return "UnprotectResult[" + reason + "]";
        }
        return "UnprotectResult[ok, id " + messageId + ", next header " + nextHeader + ", " + payloadLength + " bytes]";
    }

    private void checkOk() {
        if (reason != null) {
            throw new IllegalStateException("the message was rejected: " + reason);
        }
    }
}
