package io.kampachi.common.wire;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Optional;

import static io.kampachi.common.wire.WireFormat.DH_PUBLIC_LENGTH;
import static io.kampachi.common.wire.WireFormat.KEY_FINGERPRINT_LENGTH;
import static io.kampachi.common.wire.WireFormat.NONCE_LENGTH;
import static io.kampachi.common.wire.WireFormat.SUITE_1;

/**
 * HELO, the client's first message on the control connection, sent in a plain frame. It names the crypto suite, the
 * server key the client pinned, and the client's half of the key agreement.
 *
 * <pre>
 * offset  length  field
 *      0       1  type = 0x01
 *      1       1  suite = 1
 *      2      16  serverKeyFingerprint: MD5 over the server's ssh-rsa public-key blob
 *     18     128  nonce (Ni)
 *    146     256  dhPublicValue (Gi), left-padded with zeros
 *    402          end
 * </pre>
 *
 * <p>The decoder reads the suite before it checks the length, because another suite may have another layout: any
 * suite byte other than 1 is rejected as {@link DecodeError.Kind#UNSUPPORTED_SUITE}.
 *
 * @param suite                the crypto suite, always {@link WireFormat#SUITE_1}
 * @param serverKeyFingerprint MD5 fingerprint of the server key, {@value WireFormat#KEY_FINGERPRINT_LENGTH} bytes
 * @param nonce                the client nonce Ni, {@value WireFormat#NONCE_LENGTH} bytes
 * @param dhPublicValue        the client Diffie-Hellman public value Gi, {@value WireFormat#DH_PUBLIC_LENGTH} bytes
 */
public record Helo(int suite, byte[] serverKeyFingerprint, byte[] nonce, byte[] dhPublicValue) implements Message {

    /** Length of the body after the type byte. */
    public static final int BODY_LENGTH = 1 + KEY_FINGERPRINT_LENGTH + KeyExchangeFields.LENGTH;

    /**
     * Creates a HELO and copies the arrays.
     *
     * @throws IllegalArgumentException if the suite is not 1 or an array has the wrong length
     */
    public Helo {
        if (suite != SUITE_1) {
            throw new IllegalArgumentException("suite " + suite + " is not supported: expected " + SUITE_1);
        }
        serverKeyFingerprint = Bytes.copyExact(serverKeyFingerprint, KEY_FINGERPRINT_LENGTH, "serverKeyFingerprint");
        nonce = KeyExchangeFields.copyNonce(nonce);
        dhPublicValue = KeyExchangeFields.copyDhPublicValue(dhPublicValue);
    }

    /** Creates a HELO for suite 1. */
    public Helo(byte[] serverKeyFingerprint, byte[] nonce, byte[] dhPublicValue) {
        this(SUITE_1, serverKeyFingerprint, nonce, dhPublicValue);
    }

    /** Decodes a HELO, {@code type(1) | body}, and rejects any other type. Never throws. */
    public static Decoded<Helo> decode(byte[] message) {
        return Messages.decodeAs(message, MessageType.HELO, Helo::decodeBody);
    }

    static Decoded<Helo> decodeBody(WireReader body) {
        Optional<DecodeError> error = body.checkAvailable(1, MessageType.HELO, "suite");
        if (error.isPresent()) {
            return Decoded.failed(error.get());
        }
        int suite = body.readUnsignedByte();
        if (suite != SUITE_1) {
            return Decoded.failed(DecodeError.Kind.UNSUPPORTED_SUITE,
                    "HELO suite " + suite + " is not supported: expected " + SUITE_1);
        }
        error = body.checkExactly(BODY_LENGTH - 1, MessageType.HELO);
        if (error.isPresent()) {
            return Decoded.failed(error.get());
        }
        return Decoded.ok(new Helo(suite, body.readBytes(KEY_FINGERPRINT_LENGTH), body.readBytes(NONCE_LENGTH),
                body.readBytes(DH_PUBLIC_LENGTH)));
    }

    @Override
    public MessageType type() {
        return MessageType.HELO;
    }

    @Override
    public byte[] encode() {
        ByteBuffer buffer = Messages.allocate(type(), BODY_LENGTH)
                .put((byte) suite)
                .put(serverKeyFingerprint);
        return KeyExchangeFields.put(buffer, nonce, dhPublicValue).array();
    }

    /** Returns a copy of the server key fingerprint. */
    @Override
    public byte[] serverKeyFingerprint() {
        return serverKeyFingerprint.clone();
    }

    /** Returns a copy of the nonce Ni. */
    @Override
    public byte[] nonce() {
        return nonce.clone();
    }

    /** Returns a copy of the Diffie-Hellman public value Gi. */
    @Override
    public byte[] dhPublicValue() {
        return dhPublicValue.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Helo that
                && suite == that.suite
                && Arrays.equals(serverKeyFingerprint, that.serverKeyFingerprint)
                && KeyExchangeFields.equal(nonce, dhPublicValue, that.nonce, that.dhPublicValue);
    }

    @Override
    public int hashCode() {
        int hash = suite;
        hash = 31 * hash + Arrays.hashCode(serverKeyFingerprint);
        hash = 31 * hash + Arrays.hashCode(nonce);
        return 31 * hash + Arrays.hashCode(dhPublicValue);
    }

    @Override
    public String toString() {
        return "Helo[suite=" + suite + ", serverKeyFingerprint=" + Bytes.show(serverKeyFingerprint)
                + ", " + KeyExchangeFields.show(nonce, dhPublicValue) + "]";
    }
}
