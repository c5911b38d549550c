package io.kampachi.mediation.network;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.bouncycastle.crypto.generators.SCrypt;
import org.bouncycastle.util.Arrays;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Network passwords as salted scrypt hashes (Bouncy Castle), encoded as
 * {@code scrypt$N$r$p$salt$hash} with base64 salt and hash. Hashing takes tens of milliseconds and
 * megabytes of memory on purpose, so it always runs on a worker thread.
 */
public final class PasswordHasher {

    private static final String SCHEME = "scrypt";
    private static final int BLOCK_SIZE = 8;
    private static final int PARALLELISM = 1;
    private static final int SALT_BYTES = 16;
    private static final int HASH_BYTES = 32;

    private final Vertx vertx;
    private final int cost;
    private final SecureRandom random = new SecureRandom();

    /**
     * @param cost scrypt N, a power of two; memory use is about {@code 128 * 8 * N} bytes
     */
    public PasswordHasher(Vertx vertx, int cost) {
        this.vertx = vertx;
        this.cost = cost;
    }

    /** Hashes {@code password} with a fresh salt. */
    public Future<String> hash(String password) {
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        return vertx.executeBlocking(() -> {
            byte[] hash = scrypt(password, salt, cost, BLOCK_SIZE, PARALLELISM);
            Base64.Encoder base64 = Base64.getEncoder().withoutPadding();
            return String.join("$", SCHEME, Integer.toString(cost), Integer.toString(BLOCK_SIZE),
                    Integer.toString(PARALLELISM), base64.encodeToString(salt), base64.encodeToString(hash));
        }, false);
    }

    /**
     * Checks {@code password} against an encoded hash with the parameters stored in it, comparing
     * in constant time. A malformed encoding never matches.
     */
    public Future<Boolean> verify(String password, String encoded) {
        return vertx.executeBlocking(() -> {
            String[] parts = encoded.split("\\$");
            if (parts.length != 6 || !SCHEME.equals(parts[0])) {
                return false;
            }
            try {
                int n = Integer.parseInt(parts[1]);
                int r = Integer.parseInt(parts[2]);
                int p = Integer.parseInt(parts[3]);
                byte[] salt = Base64.getDecoder().decode(parts[4]);
                byte[] expected = Base64.getDecoder().decode(parts[5]);
                return Arrays.constantTimeAreEqual(expected, scrypt(password, salt, n, r, p));
            } catch (IllegalArgumentException e) {
                return false;
            }
        }, false);
    }

    private static byte[] scrypt(String password, byte[] salt, int n, int r, int p) {
        return SCrypt.generate(password.getBytes(StandardCharsets.UTF_8), salt, n, r, p, HASH_BYTES);
    }
}
