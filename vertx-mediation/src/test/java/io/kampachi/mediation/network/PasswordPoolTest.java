package io.kampachi.mediation.network;

import io.kampachi.common.wire.ErrorCode;
import io.kampachi.mediation.control.ControlException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Password hashing on its own bounded pool: hashes held in progress never starve the shared worker pool that the map
 * operations use, and hashes beyond the pool and its queue are rejected with {@code rate-limited}.
 */
class PasswordPoolTest {

    private static final int THREADS = 2;
    private static final int QUEUE = 3;
    /** More than the 20 threads of the shared worker pool, so that hashes there would take every one of them. */
    private static final int REQUESTS = 30;

    private Vertx vertx;
    private final CountDownLatch release = new CountDownLatch(1);
    private final CountDownLatch started = new CountDownLatch(THREADS);

    @BeforeEach
    void startVertx() {
        vertx = Vertx.vertx();
    }

    @AfterEach
    void stopVertx() throws Exception {
        release.countDown();
        vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    /** Blocks until the test releases it, so that hashes stay in progress as long as the test needs. */
    private byte[] heldScrypt(byte[] password, byte[] salt, int n, int r, int p, int length) {
        started.countDown();
        try {
            if (!release.await(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("hash never released");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return new byte[length];
    }

    @Test
    void floodLeavesSharedPoolFree() throws Exception {
        PasswordHasher hasher = new PasswordHasher(vertx, 1024, THREADS, QUEUE, this::heldScrypt);
        List<Future<String>> hashes = new ArrayList<>();
        for (int i = 0; i < REQUESTS; i++) {
            hashes.add(hasher.hash("password-" + i));
        }
        assertTrue(started.await(30, TimeUnit.SECONDS), "the pool never started its hashes");

        // Repositories run every map operation like this, so it must not wait behind the hashes.
        String answer = vertx.executeBlocking(() -> "map operation", false)
                .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertEquals("map operation", answer);

        int rejected = 0;
        for (Future<String> hash : hashes) {
            if (hash.failed()) {
                ControlException error = (ControlException) hash.cause();
                assertEquals(ErrorCode.RATE_LIMITED, error.code());
                rejected++;
            }
        }
        assertEquals(REQUESTS - THREADS - QUEUE, rejected);
        assertEquals(THREADS + QUEUE, hasher.pending());

        release.countDown();
        for (Future<String> hash : hashes) {
            if (!hash.failed()) {
                String encoded = hash.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
                assertTrue(encoded.startsWith("scrypt$1024$"), encoded);
            }
        }
        assertEquals(0, hasher.pending());
        assertFalse(hasher.hash("after the flood").toCompletionStage().toCompletableFuture()
                .get(30, TimeUnit.SECONDS).isEmpty());
    }

    @Test
    void realHashVerifies() throws Exception {
        PasswordHasher hasher = new PasswordHasher(vertx, 1024, 1, 0);
        String encoded = hasher.hash("s3cret").toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        assertTrue(hasher.verify("s3cret", encoded).toCompletionStage().toCompletableFuture()
                .get(30, TimeUnit.SECONDS));
        assertFalse(hasher.verify("wrong", encoded).toCompletionStage().toCompletableFuture()
                .get(30, TimeUnit.SECONDS));
    }
}
