package io.kampachi.mediation.session;

import io.kampachi.mediation.presence.SessionRecord;
import io.kampachi.mediation.testing.NodeFixture;
import io.kampachi.mediation.testing.TestClient;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** A client that sends but never reads must not make the server queue output without bound. */
class SlowReaderTest {

    private static final Duration CLIENT_KEEPALIVE = Duration.ofMillis(200);
    private static final int FLOOD_REQUESTS = 200_000;
    private static final Duration FLOOD_TIME = Duration.ofSeconds(25);

    @TempDir
    static Path dataDir;

    private static NodeFixture fixture;

    @BeforeAll
    static void startNode() {
        fixture = NodeFixture.start(dataDir, "slow-reader", new JsonObject().put("timeouts", new JsonObject()
                .put("loginMs", 10_000).put("idleMs", 1500).put("keepaliveMs", 300)));
    }

    @AfterAll
    static void stopNode() throws Exception {
        fixture.close();
    }

    @Test
    void clientThatNeverReadsIsDropped() throws Exception {
        TestClient client = fixture.connect(TestClient.newIdentityKey(), 4096);
        String address = client.registerAndLogin(fixture.server()).getString("address");
        client.startKeepalives(CLIENT_KEEPALIVE);
        client.stopReading();

        // Each request gets an error reply that the client never reads. The writer stops after a bounded number of
        // requests or time, when the test ends, or when the server stops reading and the socket write blocks.
        String type = "x" + "y".repeat(63);
        AtomicBoolean stop = new AtomicBoolean();
        Thread writer = new Thread(() -> {
            long deadline = System.nanoTime() + FLOOD_TIME.toNanos();
            try {
                for (int i = 0; i < FLOOD_REQUESTS && !stop.get() && System.nanoTime() < deadline; i++) {
                    client.sendRequest(type, new JsonObject());
                }
            } catch (IOException e) {
                // The connection is gone.
            }
        }, "never-reads-writer");
        writer.setDaemon(true);
        writer.start();
        try {
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (presenceOf(address) != null) {
                assertTrue(System.nanoTime() < deadline, "the session of a client that never reads is still up");
                Thread.sleep(100);
            }
        } finally {
            stop.set(true);
            client.close();
            writer.join(FLOOD_TIME.toMillis());
        }
    }

    private static SessionRecord presenceOf(String address) throws Exception {
        return fixture.node().services().presence().find(address).toCompletionStage().toCompletableFuture()
                .get(10, TimeUnit.SECONDS);
    }
}
