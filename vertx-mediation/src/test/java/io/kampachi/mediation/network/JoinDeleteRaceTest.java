package io.kampachi.mediation.network;

import io.kampachi.common.wire.ErrorCode;
import io.kampachi.mediation.MediationServices;
import io.kampachi.mediation.control.ControlException;
import io.kampachi.mediation.testing.NodeFixture;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A join that races a delete of the same network, with the delete placed by a repository wrapper just before or just
 * after the membership is added, so that both interleavings run every time.
 */
class JoinDeleteRaceTest {

    private static final String OWNER = "100.64.0.10";
    private static final String JOINER = "100.64.0.11";

    @TempDir
    static Path dataDir;

    private static NodeFixture fixture;

    @BeforeAll
    static void startNode() {
        fixture = NodeFixture.start(dataDir, "join-race", new JsonObject());
    }

    @AfterAll
    static void stopNode() throws Exception {
        fixture.close();
    }

    /** Network repository that deletes the network around the join's {@code addMember}. */
    private static final class DeletingRepository implements NetworkRepository {

        private final NetworkRepository real;
        private final boolean deleteFirst;

        DeletingRepository(NetworkRepository real, boolean deleteFirst) {
            this.real = real;
            this.deleteFirst = deleteFirst;
        }

        @Override
        public Future<Boolean> addMember(Membership membership) {
            if (deleteFirst) {
                return real.delete(membership.networkId()).compose(former -> real.addMember(membership));
            }
            return real.addMember(membership)
                    .compose(added -> real.delete(membership.networkId()).map(former -> added));
        }

        @Override
        public Future<Network> create(String name, String owner, String passwordHash) {
            return real.create(name, owner, passwordHash);
        }

        @Override
        public Future<Network> find(long networkId) {
            return real.find(networkId);
        }

        @Override
        public Future<Network> findByName(String name) {
            return real.findByName(name);
        }

        @Override
        public Future<List<Membership>> members(long networkId) {
            return real.members(networkId);
        }

        @Override
        public Future<List<Membership>> membershipsOf(String address) {
            return real.membershipsOf(address);
        }

        @Override
        public Future<Boolean> removeMember(long networkId, String address) {
            return real.removeMember(networkId, address);
        }

        @Override
        public Future<Membership> setOnline(long networkId, String address, boolean online) {
            return real.setOnline(networkId, address, online);
        }

        @Override
        public Future<List<Membership>> delete(long networkId) {
            return real.delete(networkId);
        }
    }

    private static <T> T await(Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    private static void assertJoinRolledBack(boolean deleteFirst) throws Exception {
        MediationServices services = fixture.node().services();
        NetworkRepository real = services.networks();
        NetworkService service = new NetworkService(new DeletingRepository(real, deleteFirst), services.accounts(),
                services.presence(), new PasswordHasher(fixture.node().vertx(), 1024, 1, 0), services.notifier(),
                services.broker(), 8, 30);
        String name = "race-" + UUID.randomUUID().toString().substring(0, 8);
        Network network = await(real.create(name, OWNER, null));

        ExecutionException failure = assertThrows(ExecutionException.class,
                () -> await(service.join(JOINER, name, null)));

        ControlException error = assertInstanceOf(ControlException.class, failure.getCause());
        assertEquals(ErrorCode.NOT_FOUND, error.code());
        assertTrue(error.getMessage().contains(name), error.getMessage());
        assertEquals(List.of(), await(real.members(network.id())));
        assertTrue(await(real.membershipsOf(JOINER)).isEmpty());
    }

    @Test
    void deleteBeforeAddLeavesNoMember() throws Exception {
        assertJoinRolledBack(true);
    }

    @Test
    void deleteAfterAddLeavesNoMember() throws Exception {
        assertJoinRolledBack(false);
    }
}
