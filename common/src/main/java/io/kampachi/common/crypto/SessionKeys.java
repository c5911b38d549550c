package io.kampachi.common.crypto;

import java.util.Arrays;
import java.util.Objects;
import javax.security.auth.Destroyable;

/**
 * The two pairs of direction keys that suite 1 takes from KEYMAT.
 *
 * <p>KEYMAT bytes, in order:
 * <pre>
 *   0 ..  31  AES-256 key   } protect what the initiator sends
 *  32 ..  51  HMAC-SHA1 key }
 *  52 ..  83  AES-256 key   } protect what the responder sends
 *  84 .. 103  HMAC-SHA1 key }
 * </pre>
 * Separate keys per direction, as IPsec uses one SA per direction, mean a message reflected back
 * to its sender never verifies.
 */
public final class SessionKeys implements Destroyable {

    /** Number of KEYMAT bytes that suite 1 consumes. */
    public static final int KEYMAT_LENGTH = 2 * (DirectionKeys.ENCRYPTION_KEY_LENGTH + DirectionKeys.MAC_KEY_LENGTH);

    private final DirectionKeys initiatorToResponder;
    private final DirectionKeys responderToInitiator;

    private SessionKeys(DirectionKeys initiatorToResponder, DirectionKeys responderToInitiator) {
        this.initiatorToResponder = initiatorToResponder;
        this.responderToInitiator = responderToInitiator;
    }

    /**
     * Derives session keys from the Diffie-Hellman secret and both nonces.
     *
     * @param sharedSecret {@code K}, as returned by {@link DhKeyPair#agree(byte[])}
     * @param initiatorNonce {@code Ni}
     * @param responderNonce {@code Nr}
     */
    public static SessionKeys derive(byte[] sharedSecret, byte[] initiatorNonce, byte[] responderNonce) {
        byte[] keymat = Keymat.expand(sharedSecret, initiatorNonce, responderNonce, KEYMAT_LENGTH);
        try {
            return fromKeymat(keymat);
        } finally {
            Arrays.fill(keymat, (byte) 0);
        }
    }

    /**
     * Splits KEYMAT into direction keys. The bytes are copied, so the caller may wipe its array.
     *
     * @param keymat at least {@value #KEYMAT_LENGTH} bytes, of which any beyond those are ignored
     * @throws IllegalArgumentException if {@code keymat} is too short
     */
    public static SessionKeys fromKeymat(byte[] keymat) {
        Objects.requireNonNull(keymat, "keymat");
        if (keymat.length < KEYMAT_LENGTH) {
            throw new IllegalArgumentException("suite 1 needs " + KEYMAT_LENGTH + " bytes of KEYMAT, got "
                    + keymat.length);
        }
        int half = KEYMAT_LENGTH / 2;
        return new SessionKeys(split(keymat, 0), split(keymat, half));
    }

    private static DirectionKeys split(byte[] keymat, int offset) {
        int macOffset = offset + DirectionKeys.ENCRYPTION_KEY_LENGTH;
        byte[] encryptionKey = Arrays.copyOfRange(keymat, offset, macOffset);
        byte[] macKey = Arrays.copyOfRange(keymat, macOffset, macOffset + DirectionKeys.MAC_KEY_LENGTH);
        try {
            return new DirectionKeys(encryptionKey, macKey);
        } finally {
            Arrays.fill(encryptionKey, (byte) 0);
            Arrays.fill(macKey, (byte) 0);
        }
    }

    /** Returns the keys that protect what the initiator sends (KEYMAT bytes 0 to 51). */
    public DirectionKeys initiatorToResponder() {
        return initiatorToResponder;
    }

    /** Returns the keys that protect what the responder sends (KEYMAT bytes 52 to 103). */
    public DirectionKeys responderToInitiator() {
        return responderToInitiator;
    }

    /** Returns the keys that a party in {@code role} protects its outgoing messages with. */
    public DirectionKeys sending(Role role) {
        return Objects.requireNonNull(role, "role") == Role.INITIATOR ? initiatorToResponder : responderToInitiator;
    }

    /** Returns the keys that a party in {@code role} verifies and decrypts incoming messages with. */
    public DirectionKeys receiving(Role role) {
        return Objects.requireNonNull(role, "role") == Role.INITIATOR ? responderToInitiator : initiatorToResponder;
    }

    /** Wipes both directions' keys. */
    @Override
    public void destroy() {
        initiatorToResponder.destroy();
        responderToInitiator.destroy();
    }

    @Override
    public boolean isDestroyed() {
        return initiatorToResponder.isDestroyed() && responderToInitiator.isDestroyed();
    }

    @Override
    public String toString() {
        return isDestroyed() ? "SessionKeys[destroyed]" : "SessionKeys[suite 1]";
    }
}
