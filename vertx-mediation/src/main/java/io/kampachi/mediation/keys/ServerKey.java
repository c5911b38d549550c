package io.kampachi.mediation.keys;

import java.nio.file.Path;
import java.security.KeyPair;

/**
 * One RSA key pair of the server with the fingerprints clients pin.
 *
 * @param file PEM file the private key came from
 * @param keyPair the key pair; the private half never leaves this process
 * @param md5 MD5 fingerprint bytes, the {@code serverKfp} that HELO names
 * @param md5Text the MD5 fingerprint as colon-separated hex
 * @param sha256Text the SHA-256 fingerprint as {@code SHA256:} and unpadded base64
 */
public record ServerKey(Path file, KeyPair keyPair, byte[] md5, String md5Text, String sha256Text) {
}
