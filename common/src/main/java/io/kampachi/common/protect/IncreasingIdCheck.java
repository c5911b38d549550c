package io.kampachi.common.protect;

/** Replay check for TCP records: each accepted ID must exceed the previous one. */
final class IncreasingIdCheck implements ReplayCheck {

    private long lastAccepted;

    @Override
    public RejectReason check(long messageId) {
        return messageId > lastAccepted ? null : RejectReason.REPLAYED;
    }

    @Override
    public void accept(long messageId) {
        lastAccepted = messageId;
    }
}
