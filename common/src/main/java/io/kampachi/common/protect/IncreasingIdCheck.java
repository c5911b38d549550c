package io.kampachi.common.protect;

/**
 * Replay check for TCP records: the first accepted ID is 1 and each later one is exactly one more
 * than the previous. A stream delivers records in order and loses none, so an older ID is a replay
 * and a larger one means records were cut out of the stream.
 */
final class IncreasingIdCheck implements ReplayCheck {

    private long lastAccepted;

    @Override
    public RejectReason check(long messageId) {
        if (messageId <= lastAccepted) {
            return RejectReason.REPLAYED;
        }
        return messageId == lastAccepted + 1 ? null : RejectReason.ID_GAP;
    }

    @Override
    public void accept(long messageId) {
        lastAccepted = messageId;
    }
}
