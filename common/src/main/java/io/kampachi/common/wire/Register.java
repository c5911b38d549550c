package io.kampachi.common.wire;

import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

import static io.kampachi.common.wire.WireFormat.MAX_PUBLIC_KEY_LENGTH;
import static io.kampachi.common.wire.WireFormat.SIGNATURE_LENGTH;

/**
 * REGISTER, the client's request for an account on first contact, sent in a protected record. The signature proves
 * possession of the private key and covers {@code suite | Ni | Nr | Gi | Gr | publicKey}.
 *
 * <pre>
 * offset               length     field
 *      0               1          type = 0x04
 *      1               2          keyLength, 1 to 1024
 *      3               keyLength  publicKey, X.509 SubjectPublicKeyInfo DER
 *      3 + keyLength   256        signature
 *    259 + keyLength              end
 * </pre>
 *
 * <p>The codec does not parse the DER, so the caller checks that it is an RSA-2048 key.
 *
 * @param publicKey the client's public key as X.509 SubjectPublicKeyInfo DER, 1 to
 *                  {@value WireFormat#MAX_PUBLIC_KEY_LENGTH} bytes
 * @param signature the client's RSA signature, {@value WireFormat#SIGNATURE_LENGTH} bytes
 */
public record Register(byte[] publicKey, byte[] signature) implements Message {

    /**
     * Creates a REGISTER and copies the arrays.
     *
     * @throws NullPointerException     if an argument is null
     * @throws IllegalArgumentException if the key is empty or longer than 1024 bytes, or the signature is not 256
     */
    public Register {
        Objects.requireNonNull(publicKey, "publicKey");
        if (publicKey.length < 1 || publicKey.length > MAX_PUBLIC_KEY_LENGTH) {
            throw new IllegalArgumentException(
                    "publicKey is " + publicKey.length + " bytes: expected 1.." + MAX_PUBLIC_KEY_LENGTH);
        }
        publicKey = publicKey.clone();
        signature = Bytes.copyExact(signature, SIGNATURE_LENGTH, "signature");
    }

    /** Decodes a REGISTER, {@code type(1) | body}, and rejects any other type. Never throws. */
    public static Decoded<Register> decode(byte[] message) {
        return Messages.decodeAs(message, MessageType.REGISTER, Register::decodeBody);
    }

    static Decoded<Register> decodeBody(WireReader body) {
        Optional<DecodeError> error = body.checkAvailable(2, MessageType.REGISTER, "keyLength");
        if (error.isPresent()) {
            return Decoded.failed(error.get());
        }
        int keyLength = body.readUnsignedShort();
        if (keyLength < 1 || keyLength > MAX_PUBLIC_KEY_LENGTH) {
            return Decoded.failed(DecodeError.Kind.BAD_LENGTH, "REGISTER keyLength " + keyLength
                    + " is out of range: expected 1.." + MAX_PUBLIC_KEY_LENGTH);
        }
        error = body.checkAvailable(keyLength, MessageType.REGISTER, "publicKey");
        if (error.isPresent()) {
            return Decoded.failed(error.get());
        }
        byte[] publicKey = body.readBytes(keyLength);
        error = body.checkExactly(SIGNATURE_LENGTH, MessageType.REGISTER);
        if (error.isPresent()) {
            return Decoded.failed(error.get());
        }
        return Decoded.ok(new Register(publicKey, body.readBytes(SIGNATURE_LENGTH)));
    }

    @Override
    public MessageType type() {
        return MessageType.REGISTER;
    }

    @Override
    public byte[] encode() {
        return Messages.allocate(type(), 2 + publicKey.length + SIGNATURE_LENGTH)
                .putShort((short) publicKey.length)
                .put(publicKey)
                .put(signature)
                .array();
    }

    /** Returns a copy of the public key DER. */
    @Override
    public byte[] publicKey() {
        return publicKey.clone();
    }

    /** Returns a copy of the signature. */
    @Override
    public byte[] signature() {
        return signature.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Register that
                && Arrays.equals(publicKey, that.publicKey)
                && Arrays.equals(signature, that.signature);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(publicKey) + Arrays.hashCode(signature);
    }

    @Override
    public String toString() {
        return "Register[publicKey=" + Bytes.show(publicKey) + ", signature=" + Bytes.show(signature) + "]";
    }
}
