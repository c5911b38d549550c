package io.kampachi.client.tunnel;

import io.kampachi.common.crypto.Role;
import io.kampachi.common.crypto.SessionKeys;
import io.kampachi.common.protect.MessageIdExhaustedException;
import io.kampachi.common.protect.MessageLayout;
import io.kampachi.common.protect.MessageProtector;
import io.kampachi.common.protect.MessageUnprotector;
import io.kampachi.common.protect.NextHeader;
import io.kampachi.common.protect.UnprotectResult;
import io.netty.buffer.Unpooled;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;

/**
 * The keys of one established peer tunnel: protects what this side sends with the outbound SPI and verifies what
 * the peer sends to the inbound SPI, as protected UDP datagrams ({@code SPI | messageId | ciphertext | IV | hmac}).
 * Only IPv4, IPv6 and dummy messages pass; a control message on a peer tunnel is rejected.
 */
final class TunnelCipher {

    private final MessageProtector protector;
    private final MessageUnprotector unprotector;

    /** Builds both directions from the exchange's session keys; {@code role} is this side's role. */
    TunnelCipher(SessionKeys keys, Role role, int inboundSpi, int outboundSpi) {
        this.protector = MessageProtector.forUdp(keys.sending(role), outboundSpi);
        this.unprotector = MessageUnprotector.forUdp(keys.receiving(role), inboundSpi, NextHeader.PEER_TUNNEL);
    }

    /**
     * Protects {@code length} bytes of {@code payload} with the given next header as one datagram.
     *
     * @throws MessageIdExhaustedException if the outbound message ID would wrap, so the tunnel must rekey
     */
    Buffer seal(int nextHeader, byte[] payload, int offset, int length) throws MessageIdExhaustedException {
        byte[] datagram = new byte[MessageLayout.protectedLength(length)];
        int written = protector.protectInto(nextHeader, payload, offset, length, datagram, 0);
        // Wrapped, not copied: Buffer.buffer(byte[]) would copy every datagram once more.
        return BufferInternal.buffer(Unpooled.wrappedBuffer(datagram, 0, written));
    }

    /**
     * Verifies, replay-checks and decrypts a datagram in place. On success the payload lies in {@code datagram}
     * at {@link UnprotectResult#payloadOffset()}. The result object is reused by the next call.
     */
    UnprotectResult open(byte[] datagram) {
        return unprotector.unprotectInPlace(datagram, 0, datagram.length);
    }
}
