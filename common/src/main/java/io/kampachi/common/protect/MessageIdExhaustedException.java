package io.kampachi.common.protect;

/**
 * Thrown by a {@link MessageProtector} that has used message ID {@value MessageLayout#MAX_MESSAGE_ID}
 * and would otherwise wrap to 0. The caller must rekey a peer-to-peer tunnel, or reconnect a
 * client-server channel, and protect further messages with the new keys.
 */
public final class MessageIdExhaustedException extends Exception {

    private static final long serialVersionUID = 1L;

    MessageIdExhaustedException() {
        super("message IDs are exhausted: rekey the tunnel or reconnect the channel");
    }
}
