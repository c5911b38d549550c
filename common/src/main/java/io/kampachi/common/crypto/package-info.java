/**
 * Crypto suite 1: Diffie-Hellman over RFC 3526 group 14, 1024-bit nonces, KEYMAT expansion with
 * HMAC-SHA1, per-direction session keys, RSA-2048 signatures (PKCS#1 v1.5 with SHA-1), public-key
 * encodings, PEM files and OpenSSH-style fingerprints.
 *
 * <p>Every method that parses bytes from a peer or a file reports bad input with a checked
 * {@link io.kampachi.common.crypto.CryptoException}, never with an unchecked exception.
 * Unchecked exceptions mean a programming error in the caller (a wrong length for a value the
 * caller produced, a {@code null}) or a JDK that lacks an algorithm every Java SE runtime ships.
 */
package io.kampachi.common.crypto;
