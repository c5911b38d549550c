package io.kampachi.mediation.testing;

import io.kampachi.mediation.MediationNode;
import io.kampachi.mediation.TestNodes;
import io.kampachi.mediation.bus.EventBusAddresses;
import io.kampachi.mediation.keys.ServerKey;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One mediation node for a test class, on loopback with ephemeral ports, plus the clients the
 * tests open against it (all closed with the node).
 */
public final class NodeFixture implements AutoCloseable {

    private final MediationNode node;
    private final List<TestClient> clients = new ArrayList<>();

    private NodeFixture(MediationNode node) {
        this.node = node;
    }

    /** Starts a node in {@code dataDir}; {@code extra} overrides the test defaults of {@link TestNodes}. */
    public static NodeFixture start(Path dataDir, String label, JsonObject extra) {
        return start(dataDir, TestNodes.ClusterId.random(label), extra);
    }

    /** Starts a node in {@code dataDir} with a given cluster identity. */
    public static NodeFixture start(Path dataDir, TestNodes.ClusterId cluster, JsonObject extra) {
        return new NodeFixture(TestNodes.start(dataDir, cluster, extra));
    }

    public MediationNode node() {
        return node;
    }

    /** Returns the identity of the server's primary key, as a client pins it. */
    public ServerIdentity server() {
        return identity(node.services().keys().primary());
    }

    public static ServerIdentity identity(ServerKey key) {
        return new ServerIdentity(key.md5(), key.keyPair().getPublic());
    }

    /** Opens a connection with a fresh identity key; it is closed with the fixture. */
    public TestClient connect() throws IOException {
        return connect(TestClient.newIdentityKey());
    }

    public TestClient connect(KeyPair identityKey) throws IOException {
        return connect(identityKey, 0);
    }

    /** Opens a connection with a socket receive buffer of {@code receiveBuffer} bytes (0 for the default). */
    public TestClient connect(KeyPair identityKey, int receiveBuffer) throws IOException {
        TestClient client = TestClient.connect(node.controlPort(), identityKey, receiveBuffer);
        clients.add(client);
        return client;
    }

    /** Returns a newly registered, logged-in client; {@code sync} has been consumed. */
    public TestClient loggedIn() throws Exception {
        TestClient client = connect();
        client.registerAndLogin(server());
        return client;
    }

    /** Returns this node's counters from {@link EventBusAddresses#ADMIN_STATS}. */
    public JsonObject stats() throws Exception {
        return node.vertx().eventBus().<JsonObject>request(EventBusAddresses.ADMIN_STATS, new JsonObject())
                .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS).body();
    }

    @Override
    public void close() throws IOException {
        for (TestClient client : clients) {
            client.close();
        }
        node.close();
    }
}
