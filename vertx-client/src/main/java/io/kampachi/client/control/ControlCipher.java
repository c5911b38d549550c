package io.kampachi.client.control;

import io.kampachi.common.crypto.Role;
import io.kampachi.common.crypto.SessionKeys;
import io.kampachi.common.protect.MessageIdExhaustedException;
import io.kampachi.common.protect.MessageProtector;
import io.kampachi.common.protect.MessageUnprotector;
import io.kampachi.common.protect.NextHeader;
import io.kampachi.common.protect.UnprotectResult;
import io.vertx.core.buffer.Buffer;

/**
 * Protects the client-server TCP records after HELO OK ({@code size | messageId | ciphertext | IV | hmac}). The
 * plaintext of a record is one encoded message, {@code type | body}, with next header 253; a record with next
 * header 59 is a dummy that carries nothing.
 */
final class ControlCipher {

    private final MessageProtector protector;
    private final MessageUnprotector unprotector;

    /** Builds both directions; the client is the {@link Role#INITIATOR}, a server the responder. */
    ControlCipher(SessionKeys keys, Role role) {
        this.protector = MessageProtector.forTcp(keys.sending(role));
        this.unprotector = MessageUnprotector.forTcp(keys.receiving(role), NextHeader.CLIENT_SERVER);
    }

    /**
     * Protects one encoded message as one record.
     *
     * @throws MessageIdExhaustedException if the message ID would wrap, so the connection must be replaced
     */
    Buffer seal(byte[] message) throws MessageIdExhaustedException {
        return Buffer.buffer(protector.protect(NextHeader.CONTROL, message));
    }

    /**
     * Verifies and decrypts one whole record, size field included.
     *
     * @return the result, whose payload lies in {@code record} at {@link UnprotectResult#payloadOffset()}; the
     *     object is reused by the next call
     */
    UnprotectResult open(byte[] record) {
        return unprotector.unprotectInPlace(record, 0, record.length);
    }
}
