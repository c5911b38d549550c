package io.kampachi.common.crypto;

import java.util.Objects;

/**
 * Rejection of a key, a public value or a file that does not meet crypto suite 1. The
 * {@link #reason()} identifies the failed check, so callers can map it to a protocol error
 * without parsing the message.
 */
public final class CryptoException extends Exception {

    private static final long serialVersionUID = 1L;

    /** The check that failed. */
    public enum Reason {
        /** A Diffie-Hellman public value has the wrong length or lies outside {@code [2, p-2]}. */
        INVALID_DH_PUBLIC_VALUE,
        /** Encoded public-key bytes are not a well-formed X.509 SubjectPublicKeyInfo. */
        MALFORMED_PUBLIC_KEY,
        /** A well-formed key that suite 1 does not accept, such as a non-RSA or non-2048-bit key. */
        UNSUPPORTED_KEY,
        /** A PEM file is not readable as the key it should contain. */
        MALFORMED_PEM,
        /** A private key that the JCE refuses to sign with. */
        INVALID_PRIVATE_KEY
    }

    private final Reason reason;

    /**
     * Creates an exception for a failed check.
     *
     * @param reason the check that failed
     * @param message what was wrong, without key material
     */
    public CryptoException(Reason reason, String message) {
        super(message);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    /**
     * Creates an exception for a failed check caused by a lower-level exception.
     *
     * @param reason the check that failed
     * @param message what was wrong, without key material
     * @param cause the exception from the JCE or the PEM parser
     */
    public CryptoException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    /** Returns the check that failed. */
    public Reason reason() {
        return reason;
    }
}
