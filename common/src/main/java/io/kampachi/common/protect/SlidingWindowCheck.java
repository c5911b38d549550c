package io.kampachi.common.protect;

/**
 * Replay window for UDP datagrams over the last {@value #WINDOW_SIZE} message IDs, as a bitmap in
 * the manner of RFC 6479.
 *
 * <p>Bit {@code id mod 4096} of a ring of 64 64-bit blocks records whether {@code id} was accepted.
 * The window is {@code (highest - 2048, highest]}, so it spans at most 33 blocks and two IDs inside
 * it never share a bit. When the highest ID advances, the blocks it moves into are cleared whole,
 * which costs at most one pass over the ring however far the ID jumps.
 */
final class SlidingWindowCheck implements ReplayCheck {

    /** Number of IDs, counting the highest accepted one, that the window covers. */
    static final int WINDOW_SIZE = 2048;

    private static final int BLOCK_BITS = Long.SIZE;
    private static final int BLOCK_SHIFT = 6;
    private static final int BLOCK_COUNT = 64;
    private static final int BLOCK_INDEX_MASK = BLOCK_COUNT - 1;

    private final long[] blocks = new long[BLOCK_COUNT];
    private long highest;

    @Override
    public RejectReason check(long messageId) {
        if (messageId > highest) {
            return null;
        }
        if (highest - messageId >= WINDOW_SIZE) {
            return RejectReason.TOO_OLD;
        }
        return (blocks[blockIndex(messageId)] & bit(messageId)) != 0 ? RejectReason.REPLAYED : null;
    }

    @Override
    public void accept(long messageId) {
        if (messageId > highest) {
            long currentBlock = highest >>> BLOCK_SHIFT;
            long steps = Math.min((messageId >>> BLOCK_SHIFT) - currentBlock, BLOCK_COUNT);
            for (long i = 1; i <= steps; i++) {
                blocks[(int) ((currentBlock + i) & BLOCK_INDEX_MASK)] = 0;
            }
            highest = messageId;
        }
        blocks[blockIndex(messageId)] |= bit(messageId);
    }

    private static int blockIndex(long messageId) {
        return (int) ((messageId >>> BLOCK_SHIFT) & BLOCK_INDEX_MASK);
    }

    private static long bit(long messageId) {
        return 1L << (messageId & (BLOCK_BITS - 1));
    }
}
