package io.kampachi.common.wire;

import io.vertx.core.buffer.Buffer;

import java.util.Objects;

import static io.kampachi.common.wire.WireFormat.MESSAGE_ID_LENGTH;
import static io.kampachi.common.wire.WireFormat.SPI_LENGTH;
import static io.kampachi.common.wire.WireFormat.UDP_HEADER_LENGTH;

/**
 * Unprotected UDP datagrams: peer handshakes and server probes. Message ID 0 marks them, so a receiver distinguishes
 * them from protected datagrams without trying to verify an HMAC.
 *
 * <pre>
 * handshake (KE1, KE2, KE3):    SPI(4) | 0(4) | type(1) | body     SPI = the receiver's inbound SPI, never 0
 * probe (PROBE, PROBE REPLY):     0(4) | 0(4) | type(1) | body
 * </pre>
 *
 * <pre>{@code
 * if (UdpDatagrams.isUnprotected(packet)) {
 *     Decoded<UnprotectedDatagram> decoded = UdpDatagrams.decode(packet);
 * }
 * }</pre>
 */
public final class UdpDatagrams {

    private UdpDatagrams() {
    }

    /**
     * Encodes a handshake datagram, {@code SPI(4) | 0(4) | type(1) | body}.
     *
     * @param spi     the receiver's inbound SPI, not 0
     * @param message a KE1, KE2 or KE3
     * @throws IllegalArgumentException if the SPI is 0 or the message is not a handshake message
     */
    public static byte[] encodeHandshake(int spi, Message message) {
        Objects.requireNonNull(message, "message");
        if (message.type().channel() != MessageType.Channel.UDP_HANDSHAKE) {
            throw new IllegalArgumentException(message.type().displayName() + " is not a handshake message");
        }
        if (spi == 0) {
            throw new IllegalArgumentException("SPI 0 is never assigned to a tunnel");
        }
        return encode(spi, message);
    }

    /**
     * Encodes a probe datagram, {@code 0(4) | 0(4) | type(1) | body}.
     *
     * @param message a PROBE or PROBE REPLY
     * @throws IllegalArgumentException if the message is not a probe message
     */
    public static byte[] encodeProbe(Message message) {
        Objects.requireNonNull(message, "message");
        if (message.type().channel() != MessageType.Channel.UDP_PROBE) {
            throw new IllegalArgumentException(message.type().displayName() + " is not a probe message");
        }
        return encode(0, message);
    }

    private static byte[] encode(int spi, Message message) {
        byte[] encoded = message.encode();
        byte[] datagram = new byte[UDP_HEADER_LENGTH + encoded.length];
        datagram[0] = (byte) (spi >>> 24);
        datagram[1] = (byte) (spi >>> 16);
        datagram[2] = (byte) (spi >>> 8);
        datagram[3] = (byte) spi;
        System.arraycopy(encoded, 0, datagram, UDP_HEADER_LENGTH, encoded.length);
        return datagram;
    }

    /**
     * Returns true if a datagram carries message ID 0 and so belongs to {@link #decode}. A datagram with any other
     * message ID, or shorter than the 8-byte header, belongs to the tunnel that owns its SPI.
     */
    public static boolean isUnprotected(byte[] datagram) {
        return datagram != null && datagram.length >= UDP_HEADER_LENGTH
                && new WireReader(datagram, SPI_LENGTH, MESSAGE_ID_LENGTH).readInt() == 0;
    }

    /** Returns true if a datagram carries message ID 0, as {@link #isUnprotected(byte[])} does for arrays. */
    public static boolean isUnprotected(Buffer datagram) {
        return datagram != null && datagram.length() >= UDP_HEADER_LENGTH && datagram.getInt(SPI_LENGTH) == 0;
    }

    /**
     * Decodes an unprotected datagram. Never throws. Rejects a non-zero message ID, a type other than the five
     * unprotected ones, a handshake with SPI 0 and a probe with a non-zero SPI.
     *
     * @param datagram the datagram. Null is reported as {@link DecodeError.Kind#TRUNCATED}
     */
    public static Decoded<UnprotectedDatagram> decode(byte[] datagram) {
        if (datagram == null || datagram.length < UDP_HEADER_LENGTH) {
            return Decoded.failed(DecodeError.Kind.TRUNCATED, "datagram is " + (datagram == null ? 0 : datagram.length)
                    + " bytes: expected at least the " + UDP_HEADER_LENGTH + "-byte header");
        }
        WireReader header = new WireReader(datagram, 0, UDP_HEADER_LENGTH);
        int spi = header.readInt();
        int messageId = header.readInt();
        if (messageId != 0) {
            return Decoded.failed(DecodeError.Kind.BAD_FIELD, "datagram message ID "
                    + Integer.toUnsignedString(messageId) + " is not 0: a protected datagram goes to its tunnel");
        }
        byte[] encoded = new byte[datagram.length - UDP_HEADER_LENGTH];
        System.arraycopy(datagram, UDP_HEADER_LENGTH, encoded, 0, encoded.length);
        Decoded<Message> message = Messages.decode(encoded);
        if (!message.isOk()) {
            return Decoded.failed(message.error());
        }
        MessageType type = message.value().type();
        switch (type.channel()) {
            case UDP_HANDSHAKE:
                if (spi == 0) {
                    return Decoded.failed(DecodeError.Kind.BAD_FIELD,
                            type.displayName() + " datagram has SPI 0: expected the receiver's inbound SPI");
                }
                break;
            case UDP_PROBE:
                if (spi != 0) {
                    return Decoded.failed(DecodeError.Kind.BAD_FIELD, type.displayName() + " datagram has SPI "
                            + Integer.toUnsignedString(spi) + ": expected 0");
                }
                break;
            default:
                return Decoded.failed(DecodeError.Kind.WRONG_TYPE,
                        "message type " + type.describe() + " is not sent in a UDP datagram");
        }
        return Decoded.ok(new UnprotectedDatagram(spi, message.value()));
    }

    /** Decodes an unprotected datagram from a Vert.x buffer, copying it once, as {@link #decode(byte[])} does. */
    public static Decoded<UnprotectedDatagram> decode(Buffer datagram) {
        return decode(datagram == null ? null : datagram.getBytes());
    }
}
