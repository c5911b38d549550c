package io.kampachi.mediation.presence;

import io.kampachi.common.wire.ControlTypes;
import io.kampachi.common.wire.HeloOk;
import io.kampachi.mediation.config.AddressPool;
import io.kampachi.mediation.testing.NodeFixture;
import io.kampachi.mediation.testing.TestClient;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;

/** Login timeout, idle timeout and keep-alives, with timeouts short enough for a test. */
class TimeoutsTest {

    private static final Duration CLIENT_KEEPALIVE = Duration.ofMillis(200);

    @TempDir
    static Path dataDir;

    private static NodeFixture fixture;

    @BeforeAll
    static void startNode() {
        // A full login (DH, RSA checks, a write-through to H2) takes well under a second on an idle
        // machine. On a loaded two-core one it has taken longer than 1.5 s, so the login limit
        // leaves room for that while keeping the test short.
        fixture = NodeFixture.start(dataDir, "timeouts", new JsonObject().put("timeouts", new JsonObject()
                .put("loginMs", 5000).put("idleMs", 3000).put("keepaliveMs", 300)));
    }

    @AfterAll
    static void stopNode() throws Exception {
        fixture.close();
    }

    @Test
    void connectionThatNeverSendsHeloIsClosed() throws Exception {
        fixture.connect().awaitClosedByServer();
    }

    @Test
    void connectionThatStopsAfterHeloIsClosed() throws Exception {
        TestClient client = fixture.connect();
        assertInstanceOf(HeloOk.class, client.helo(fixture.server().md5()));
        client.awaitClosedByServer();
    }

    @Test
    void serverSendsKeepalivesWhenIdle() throws Exception {
        TestClient client = fixture.loggedIn();
        client.startKeepalives(CLIENT_KEEPALIVE);
        client.awaitEvent(ControlTypes.KEEPALIVE);
    }

    @Test
    void silentSessionIsDroppedAndItsPeerGetsPeerLost() throws Exception {
        TestClient watcher = fixture.loggedIn();
        watcher.startKeepalives(CLIENT_KEEPALIVE);
        TestClient silent = fixture.connect();
        String silentAddress = silent.registerAndLogin(fixture.server()).getString("address");

        String name = "idle-" + UUID.randomUUID().toString().substring(0, 8);
        watcher.requestOk(ControlTypes.NETWORK_CREATE, new JsonObject().put("name", name));
        silent.requestOk(ControlTypes.NETWORK_JOIN, new JsonObject().put("name", name));
        watcher.awaitEvent(ControlTypes.TUNNEL_OPEN, body -> body.getString("peer").equals(silentAddress));

        silent.awaitClosedByServer();
        watcher.awaitEvent(ControlTypes.PEER_LOST, body -> body.getString("peer").equals(silentAddress));
        watcher.awaitEvent(ControlTypes.PRESENCE, body -> body.getString("address").equals(silentAddress)
                && !body.getBoolean("online"));
        // The address is still a valid dotted quad the watcher can use for its tunnel checks.
        AddressPool.parseAddress(silentAddress);
    }
}
