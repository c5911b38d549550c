package io.kampachi.mediation.keys;

import io.kampachi.common.crypto.CryptoException;
import io.kampachi.common.crypto.Fingerprints;
import io.kampachi.common.crypto.PemFiles;
import io.kampachi.common.crypto.RsaKeys;
import io.kampachi.mediation.config.ConfigException;
import io.kampachi.mediation.config.MediationConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The server's RSA-2048 key pairs, read from PEM files. Several keys allow rotation: HELO names
 * the key a client pinned by its MD5 fingerprint, and the server answers with that one. The first
 * key is the one new clients should pin.
 *
 * <p>With {@code keys.generate} set, a missing first file gets a new key, written with owner-only
 * permissions. Loading and generating block and run before Vert.x starts.
 */
public final class ServerKeys {

    private static final Logger LOG = LoggerFactory.getLogger(ServerKeys.class);

    private final List<ServerKey> keys;

    private ServerKeys(List<ServerKey> keys) {
        this.keys = List.copyOf(keys);
    }

    /**
     * Loads every configured key file, generating the first if it is missing and generation is on.
     *
     * @throws ConfigException naming {@code keys.files[i]} if a file is missing, unreadable or not an RSA-2048 key
     */
    public static ServerKeys load(MediationConfig.Keys config) {
        List<ServerKey> loaded = new ArrayList<>();
        for (int i = 0; i < config.files().size(); i++) {
            Path file = config.files().get(i);
            String key = "keys.files[" + i + "]";
            if (!Files.exists(file)) {
                if (i == 0 && config.generate()) {
                    generate(file, key);
                } else {
                    throw new ConfigException(key, "key file " + file + " does not exist");
                }
            }
            loaded.add(read(file, key));
        }
        return new ServerKeys(loaded);
    }

    /** Returns all keys, the preferred one first. */
    public List<ServerKey> all() {
        return keys;
    }

    /** Returns the key new clients should pin. */
    public ServerKey primary() {
        return keys.get(0);
    }

    /** Returns the key whose MD5 fingerprint is {@code md5}, or empty if the server has no such key. */
    public Optional<ServerKey> byMd5(byte[] md5) {
        return keys.stream().filter(key -> Arrays.equals(key.md5(), md5)).findFirst();
    }

    private static void generate(Path file, String key) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            PemFiles.writeKeyPair(file, RsaKeys.generate(new SecureRandom()));
            LOG.info("server key generated file={} bits={}", file, RsaKeys.MODULUS_BITS);
        } catch (IOException e) {
            throw new ConfigException(key, "cannot write key file " + file + ": " + e.getMessage(), e);
        }
    }

    private static ServerKey read(Path file, String key) {
        try {
            KeyPair pair = PemFiles.readKeyPair(file);
            RSAPublicKey publicKey = (RSAPublicKey) pair.getPublic();
            return new ServerKey(file, pair, Fingerprints.md5(publicKey), Fingerprints.md5Hex(publicKey),
                    Fingerprints.sha256Text(publicKey));
        } catch (IOException | CryptoException e) {
            throw new ConfigException(key, "cannot read key file " + file + ": " + e.getMessage(), e);
        }
    }
}
