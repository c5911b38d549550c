package io.kampachi.common.crypto;

import java.util.Arrays;
import javax.security.auth.Destroyable;

/**
 * The keys that protect one direction of a session: an AES-256 key and an HMAC-SHA1 key.
 *
 * <p>Accessors return copies, so a caller that builds a {@code SecretKeySpec} from one should wipe
 * its copy afterwards. {@link #destroy()} wipes the bytes stored here, but copies inside JCE objects
 * built from them are out of its reach.
 */
public final class DirectionKeys implements Destroyable {

    /** Length of the AES-256 encryption key in bytes. */
    public static final int ENCRYPTION_KEY_LENGTH = 32;

    /** Length of the HMAC-SHA1 key in bytes. */
    public static final int MAC_KEY_LENGTH = 20;

    private final byte[] encryptionKey;
    private final byte[] macKey;
    private boolean destroyed;

    /**
     * Creates direction keys from copies of the given bytes.
     *
     * @param encryptionKey {@value #ENCRYPTION_KEY_LENGTH} bytes
     * @param macKey {@value #MAC_KEY_LENGTH} bytes
     * @throws IllegalArgumentException if a length is wrong
     */
    public DirectionKeys(byte[] encryptionKey, byte[] macKey) {
        if (encryptionKey.length != ENCRYPTION_KEY_LENGTH || macKey.length != MAC_KEY_LENGTH) {
            throw new IllegalArgumentException("direction keys must be " + ENCRYPTION_KEY_LENGTH + " and "
                    + MAC_KEY_LENGTH + " bytes, got " + encryptionKey.length + " and " + macKey.length);
        }
        this.encryptionKey = encryptionKey.clone();
        this.macKey = macKey.clone();
    }

    /** Returns a copy of the AES-256 key. */
    public byte[] encryptionKey() {
        checkNotDestroyed();
        return encryptionKey.clone();
    }

    /** Returns a copy of the HMAC-SHA1 key. */
    public byte[] macKey() {
        checkNotDestroyed();
        return macKey.clone();
    }

    /** Overwrites both keys with zeros; later calls to the accessors throw. */
    @Override
    public void destroy() {
        Arrays.fill(encryptionKey, (byte) 0);
        Arrays.fill(macKey, (byte) 0);
        destroyed = true;
    }

    @Override
    public boolean isDestroyed() {
        return destroyed;
    }

    @Override
    public String toString() {
        return destroyed ? "DirectionKeys[destroyed]" : "DirectionKeys[AES-256, HMAC-SHA1]";
    }

    private void checkNotDestroyed() {
        if (destroyed) {
            throw new IllegalStateException("direction keys were destroyed");
        }
    }
}
