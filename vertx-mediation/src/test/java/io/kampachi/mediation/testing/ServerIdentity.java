package io.kampachi.mediation.testing;

import java.security.PublicKey;

/**
 * What a client pins of a server: its public key and the MD5 fingerprint that HELO carries.
 *
 * @param md5 MD5 fingerprint of the server key
 * @param publicKey the server's public key, to verify AUTH OK
 */
public record ServerIdentity(byte[] md5, PublicKey publicKey) {
}
