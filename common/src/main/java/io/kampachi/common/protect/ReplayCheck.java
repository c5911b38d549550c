package io.kampachi.common.protect;

/** Replay protection of one receiving direction. Not thread-safe. */
interface ReplayCheck {

    /**
     * Returns why {@code messageId} must be rejected, or {@code null} if it may be accepted. Does
     * not change the state.
     *
     * @param messageId an ID from 1 to {@link MessageLayout#MAX_MESSAGE_ID}
     */
    RejectReason check(long messageId);

    /** Records {@code messageId}, which {@link #check(long)} allowed, as accepted. */
    void accept(long messageId);
}
