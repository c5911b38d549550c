package io.kampachi.common.wire;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Optional;
import java.util.function.BiFunction;

import static io.kampachi.common.wire.WireFormat.DH_PUBLIC_LENGTH;
import static io.kampachi.common.wire.WireFormat.NONCE_LENGTH;
import static io.kampachi.common.wire.WireFormat.SIGNATURE_LENGTH;

/**
 * The key-exchange fields {@code nonce(128) | dhPublicValue(256)}, which KE2 and KE3 follow with
 * {@code signature(256)}. HELO OK, KE1, KE2, KE3 and the end of HELO use these methods, so the layout is written once.
 */
final class KeyExchangeFields {

    /** Length of {@code nonce | dhPublicValue}. */
    static final int LENGTH = NONCE_LENGTH + DH_PUBLIC_LENGTH;

    /** Length of {@code nonce | dhPublicValue | signature}. */
    static final int SIGNED_LENGTH = LENGTH + SIGNATURE_LENGTH;

    /** Builds a message from its three signed key-exchange fields. */
    @FunctionalInterface
    interface SignedFactory<T> {
        T create(byte[] nonce, byte[] dhPublicValue, byte[] signature);
    }

    private KeyExchangeFields() {
    }

    /** Returns a copy of a nonce, and rejects one of the wrong length. */
    static byte[] copyNonce(byte[] nonce) {
        return Bytes.copyExact(nonce, NONCE_LENGTH, "nonce");
    }

    /** Returns a copy of a Diffie-Hellman public value, and rejects one of the wrong length. */
    static byte[] copyDhPublicValue(byte[] dhPublicValue) {
        return Bytes.copyExact(dhPublicValue, DH_PUBLIC_LENGTH, "dhPublicValue");
    }

    /** Returns a copy of a signature, and rejects one of the wrong length. */
    static byte[] copySignature(byte[] signature) {
        return Bytes.copyExact(signature, SIGNATURE_LENGTH, "signature");
    }

    /** Decodes a body that must be exactly {@code nonce | dhPublicValue}, or returns a failure. */
    static <T> Decoded<T> decode(WireReader body, MessageType type, BiFunction<byte[], byte[], T> factory) {
        Optional<DecodeError> error = body.checkExactly(LENGTH, type);
        if (error.isPresent()) {
            return Decoded.failed(error.get());
        }
        return Decoded.ok(factory.apply(body.readBytes(NONCE_LENGTH), body.readBytes(DH_PUBLIC_LENGTH)));
    }

    /** Decodes a body that must be exactly {@code nonce | dhPublicValue | signature}, or returns a failure. */
    static <T> Decoded<T> decodeSigned(WireReader body, MessageType type, SignedFactory<T> factory) {
        Optional<DecodeError> error = body.checkExactly(SIGNED_LENGTH, type);
        if (error.isPresent()) {
            return Decoded.failed(error.get());
        }
        return Decoded.ok(factory.create(body.readBytes(NONCE_LENGTH), body.readBytes(DH_PUBLIC_LENGTH),
                body.readBytes(SIGNATURE_LENGTH)));
    }

    /** Writes {@code nonce | dhPublicValue} at the buffer's position. */
    static ByteBuffer put(ByteBuffer buffer, byte[] nonce, byte[] dhPublicValue) {
        return buffer.put(nonce).put(dhPublicValue);
    }

    /** Encodes {@code type(1) | nonce | dhPublicValue}. */
    static byte[] encode(MessageType type, byte[] nonce, byte[] dhPublicValue) {
        return put(Messages.allocate(type, LENGTH), nonce, dhPublicValue).array();
    }

    /** Encodes {@code type(1) | nonce | dhPublicValue | signature}. */
    static byte[] encodeSigned(MessageType type, byte[] nonce, byte[] dhPublicValue, byte[] signature) {
        return put(Messages.allocate(type, SIGNED_LENGTH), nonce, dhPublicValue).put(signature).array();
    }

    /** Compares two {@code nonce | dhPublicValue} pairs by content. */
    static boolean equal(byte[] nonce, byte[] dhPublicValue, byte[] otherNonce, byte[] otherDhPublicValue) {
        return Arrays.equals(nonce, otherNonce) && Arrays.equals(dhPublicValue, otherDhPublicValue);
    }

    /** Hashes {@code nonce | dhPublicValue} by content. */
    static int hash(byte[] nonce, byte[] dhPublicValue) {
        return 31 * Arrays.hashCode(nonce) + Arrays.hashCode(dhPublicValue);
    }

    /** Hashes {@code nonce | dhPublicValue | signature} by content. */
    static int hash(byte[] nonce, byte[] dhPublicValue, byte[] signature) {
        return 31 * hash(nonce, dhPublicValue) + Arrays.hashCode(signature);
    }

    /** Formats {@code nonce} and {@code dhPublicValue} for the field list of a {@code toString}. */
    static String show(byte[] nonce, byte[] dhPublicValue) {
        return "nonce=" + Bytes.show(nonce) + ", dhPublicValue=" + Bytes.show(dhPublicValue);
    }

    /** Formats an unsigned key-exchange message as {@code Name[nonce=..., dhPublicValue=...]}. */
    static String show(String name, byte[] nonce, byte[] dhPublicValue) {
        return name + "[" + show(nonce, dhPublicValue) + "]";
    }

    /** Formats a signed key-exchange message as {@code Name[nonce=..., dhPublicValue=..., signature=...]}. */
    static String show(String name, byte[] nonce, byte[] dhPublicValue, byte[] signature) {
        return name + "[" + show(nonce, dhPublicValue) + ", signature=" + Bytes.show(signature) + "]";
    }
}
