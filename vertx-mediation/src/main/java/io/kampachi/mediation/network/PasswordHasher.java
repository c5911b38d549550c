package io.kampachi.mediation.network;

import io.kampachi.common.wire.ErrorCode;
import io.kampachi.mediation.control.ControlException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import org.bouncycastle.crypto.generators.SCrypt;
import org.bouncycastle.util.Arrays;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Network passwords as salted scrypt hashes (Bouncy Castle), encoded as
 * {@code scrypt$N$r$p$salt$hash} with base64 salt and hash.
 *
 * <p>Hashing takes tens of milliseconds and megabytes of memory on purpose, so it runs on a worker
 * pool of its own with {@code threads} threads: the memory it can take is bounded by the pool, and
 * it never occupies the threads of the shared worker pool that the map operations need. At most
 * {@code threads + queue} hashes are admitted at a time. More fail at once with {@code rate-limited}
 * rather than wait in an unbounded queue.
 */
public final class PasswordHasher {

    /** Name of the worker pool that runs the hashes. */
    public static final String POOL_NAME = "kampachi-passwords";

    private static final String SCHEME = "scrypt";
    private static final int BLOCK_SIZE = 8;
    private static final int PARALLELISM = 1;
    private static final int SALT_BYTES = 16;
    private static final int HASH_BYTES = 32;

    /** The scrypt computation, replaceable in tests. */
    interface Scrypt {
        byte[] generate(byte[] password, byte[] salt, int n, int r, int p, int length);
    }

    private final WorkerExecutor executor;
    private final int cost;
    private final int limit;
    private final Scrypt scrypt;
    private final AtomicInteger admitted = new AtomicInteger();
    private final SecureRandom random = new SecureRandom();

    /**
     * @param cost scrypt N, a power of two. Memory use is about {@code 128 * 8 * N} bytes per running hash
     * @param threads hashes that run at once
     * @param queue hashes that may wait for a thread, beyond which requests are rejected
     */
    public PasswordHasher(Vertx vertx, int cost, int threads, int queue) {
        this(vertx, cost, threads, queue, SCrypt::generate);
    }

    PasswordHasher(Vertx vertx, int cost, int threads, int queue, Scrypt scrypt) {
        this.executor = vertx.createSharedWorkerExecutor(POOL_NAME, threads);
        this.cost = cost;
        this.limit = threads + queue;
        this.scrypt = scrypt;
    }

    /** Hashes {@code password} with a fresh salt. Fails with {@code rate-limited} when too many hashes wait. */
    public Future<String> hash(String password) {
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        return submit(() -> {
            byte[] hash = scrypt(password, salt, cost, BLOCK_SIZE, PARALLELISM);
            Base64.Encoder base64 = Base64.getEncoder().withoutPadding();
            return String.join("$", SCHEME, Integer.toString(cost), Integer.toString(BLOCK_SIZE),
                    Integer.toString(PARALLELISM), base64.encodeToString(salt), base64.encodeToString(hash));
        });
    }

    /**
     * Checks {@code password} against an encoded hash with the parameters stored in it, comparing
     * in constant time. A malformed encoding never matches. Fails with {@code rate-limited} when too
     * many hashes wait.
     */
    public Future<Boolean> verify(String password, String encoded) {
        return submit(() -> {
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
        });
    }

    /** Number of hashes running or waiting for a thread. */
    public int pending() {
        return admitted.get();
    }

    private <T> Future<T> submit(Callable<T> task) {
        if (admitted.incrementAndGet() > limit) {
            admitted.decrementAndGet();
            return Future.failedFuture(new ControlException(ErrorCode.RATE_LIMITED,
                    "too many password checks in progress; try again later"));
        }
        Future<T> result;
        try {
            result = executor.executeBlocking(task, false);
        } catch (RuntimeException e) {
            admitted.decrementAndGet();
            return Future.failedFuture(e);
        }
        return result.andThen(ignored -> admitted.decrementAndGet());
    }

    private byte[] scrypt(String password, byte[] salt, int n, int r, int p) {
        return scrypt.generate(password.getBytes(StandardCharsets.UTF_8), salt, n, r, p, HASH_BYTES);
    }
}
