package io.kampachi.client.config;

import io.kampachi.client.state.KeyFingerprints;
import io.kampachi.common.crypto.CryptoException;
import io.kampachi.common.crypto.Fingerprints;
import io.kampachi.common.crypto.PemFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.security.interfaces.RSAPublicKey;

/**
 * The mediation server key that the daemon trusts: the fingerprint a person stated, and the public key file that
 * must have it. Each half remembers the config key or option that set it, so that errors name it.
 *
 * @param fingerprint {@code SHA256:...} or MD5 colon hex, already checked for its form
 * @param fingerprintKey {@code server.fingerprint} or {@code --server-fingerprint}
 * @param publicKeyFile the server's RSA public key, PEM
 * @param publicKeyFileKey {@code server.publicKeyFile} or {@code --server-key}
 */
public record ServerPin(String fingerprint, String fingerprintKey, Path publicKeyFile, String publicKeyFileKey) {

    /**
     * Reads the public key file and checks that it has the pinned fingerprint.
     *
     * @throws ConfigException naming the key file's setting if it cannot be read, or the fingerprint's setting if
     *     the key does not match it
     */
    public RSAPublicKey readKey() throws ConfigException {
        RSAPublicKey key;
        try {
            key = PemFiles.readPublicKey(publicKeyFile);
        } catch (CryptoException e) {
            throw new ConfigException(publicKeyFileKey, e.getMessage(), e);
        } catch (IOException e) {
            throw new ConfigException(publicKeyFileKey, "cannot read " + publicKeyFile + ": " + e.getMessage(), e);
        }
        if (!KeyFingerprints.matches(key, fingerprint)) {
            throw new ConfigException(fingerprintKey, publicKeyFile + " (" + ConfigException.describe(publicKeyFileKey)
                    + ") has fingerprint " + Fingerprints.sha256Text(key) + ", not the pinned " + fingerprint);
        }
        return key;
    }
}
