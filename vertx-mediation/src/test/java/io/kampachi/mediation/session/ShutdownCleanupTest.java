package io.kampachi.mediation.session;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.kampachi.common.wire.ControlTypes;
import io.kampachi.mediation.MediationNode;
import io.kampachi.mediation.TestNodes;
import io.kampachi.mediation.testing.NodeFixture;
import io.kampachi.mediation.testing.ServerIdentity;
import io.kampachi.mediation.testing.TestClient;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * Closing a node with sessions connected: the node waits for their cleanup before it leaves the cluster, so the
 * other node finds every session gone and nothing is logged as a failure.
 */
class ShutdownCleanupTest {

    private static final int CLIENTS = 5;
    /** Slow password hashes on one thread, so that the joins are still queued when the node closes. */
    private static final JsonObject SLOW_PASSWORDS = new JsonObject()
            .put("scryptCost", 1 << 16).put("threads", 1).put("queue", 16);

    @TempDir
    Path dataDir;

    @Test
    void closeCleansUpConnectedSessions() throws Exception {
        TestNodes.ClusterId cluster = TestNodes.ClusterId.random("shutdown");
        JsonObject members = new JsonObject().put("cluster", new JsonObject().put("members", new JsonArray()
                .add("127.0.0.1:" + cluster.port()).add("127.0.0.1:" + (cluster.port() + 1))));
        JsonObject secondMembers = members.copy();
        secondMembers.getJsonObject("cluster").put("port", cluster.port() + 1);
        members.put("passwords", SLOW_PASSWORDS);
        Path firstDir = Files.createDirectories(dataDir.resolve("first"));
        Path secondDir = Files.createDirectories(dataDir.resolve("second"));

        try (MediationNode second = TestNodes.start(secondDir, cluster, secondMembers)) {
            MediationNode first = TestNodes.start(firstDir, cluster, members);
            List<TestClient> clients = new ArrayList<>();
            List<String> addresses = new ArrayList<>();
            ListAppender<ILoggingEvent> appender = new ListAppender<>();
            Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
            try {
                ServerIdentity server = NodeFixture.identity(first.services().keys().primary());
                for (int i = 0; i < CLIENTS; i++) {
                    TestClient client = TestClient.connect(first.controlPort(), TestClient.newIdentityKey());
                    clients.add(client);
                    addresses.add(client.registerAndLogin(server).getString("address"));
                }
                for (String address : addresses) {
                    assertNotNull(await(second, address), "session of " + address + " not recorded");
                }
                clients.get(0).requestOk(ControlTypes.NETWORK_CREATE,
                        new JsonObject().put("name", "closing").put("password", "s3cret"));
                List<Long> joins = new ArrayList<>();
                for (int i = 1; i < CLIENTS; i++) {
                    joins.add(clients.get(i).sendRequest(ControlTypes.NETWORK_JOIN,
                            new JsonObject().put("name", "closing").put("password", "s3cret")));
                }
                // Once the first join has its reply, the others wait for the password pool, and so does their cleanup.
                clients.get(1).awaitReply(joins.get(0));

                appender.start();
                root.addAppender(appender);
                first.close();
            } finally {
                root.detachAppender(appender);
                appender.stop();
                for (TestClient client : clients) {
                    client.close();
                }
            }

            List<String> failures = new ArrayList<>();
            for (ILoggingEvent event : appender.list) {
                boolean error = event.getLevel().isGreaterOrEqual(Level.ERROR);
                boolean warningWithTrace = event.getLevel().isGreaterOrEqual(Level.WARN)
                        && event.getThrowableProxy() != null;
                if (error || warningWithTrace) {
                    failures.add(event.getLevel() + " " + event.getLoggerName() + " " + event.getFormattedMessage());
                }
            }
            assertEquals(List.of(), failures);
            for (String address : addresses) {
                assertNull(await(second, address), "session of " + address + " still online");
            }
        }
    }

    private static Object await(MediationNode node, String address) throws Exception {
        return node.services().presence().find(address).toCompletionStage().toCompletableFuture()
                .get(30, TimeUnit.SECONDS);
    }
}
