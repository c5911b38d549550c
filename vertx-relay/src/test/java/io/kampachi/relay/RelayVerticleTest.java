package io.kampachi.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.datagram.DatagramSocket;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class RelayVerticleTest {

    @Test
    void datagramWithoutAllocationIsDropped(Vertx vertx, VertxTestContext context) throws Exception {
        RelayVerticle relay = new RelayVerticle(new RelayConfig("127.0.0.1", 0));
        vertx.deployVerticle(relay).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        DatagramSocket sender = vertx.createDatagramSocket();

        sender.send(Buffer.buffer(new byte[] {1, 2, 3, 4}), relay.udpPort(), "127.0.0.1")
                .onComplete(context.succeeding(sent -> vertx.setPeriodic(20, timer -> {
                    if (relay.droppedDatagrams() == 1) {
                        vertx.cancelTimer(timer);
                        context.completeNow();
                    }
                })));

        assertTrue(context.awaitCompletion(10, TimeUnit.SECONDS), "relay never counted the dropped datagram");
    }

    @Test
    void configReadsEveryKey() {
        RelayConfig config = RelayConfig.fromJson(new JsonObject().put("bindHost", "127.0.0.1").put("udpPort", 4000));

        assertEquals("127.0.0.1", config.bindHost());
        assertEquals(4000, config.udpPort());
    }

    @Test
    void configFallsBackToDefaults() {
        assertEquals(RelayConfig.defaults(), RelayConfig.fromJson(new JsonObject()));
    }

    @Test
    void configRejectsUnknownKey() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> RelayConfig.fromJson(new JsonObject().put("udpPrt", 1)));

        assertTrue(error.getMessage().contains("udpPrt"), error.getMessage());
    }

    @Test
    void configRejectsPortOutOfRange() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> RelayConfig.fromJson(new JsonObject().put("udpPort", 70000)));

        assertTrue(error.getMessage().contains("udpPort"), error.getMessage());
        assertTrue(error.getMessage().contains("70000"), error.getMessage());
    }
}
