package io.kampachi.mediation.store;

import io.kampachi.mediation.MediationNode;
import io.kampachi.mediation.TestNodes;
import io.kampachi.mediation.account.Account;
import io.kampachi.mediation.network.Membership;
import io.kampachi.mediation.network.Network;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The persisted maps survive a node restart on the same data directory; the in-memory ones do not. */
class PersistenceRestartTest {

    @TempDir
    Path dataDir;

    private static <T> T await(Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    @Test
    void accountsNetworksAndMembershipsSurviveARestart() throws Exception {
        TestNodes.ClusterId cluster = TestNodes.ClusterId.random("persistence");
        Account alice;
        Account bob;
        Network network;
        try (MediationNode node = TestNodes.start(dataDir, cluster, new JsonObject())) {
            var services = node.services();
            alice = await(services.accounts().register(new byte[] {1, 2, 3}, "SHA256:alice"));
            bob = await(services.accounts().register(new byte[] {4, 5, 6}, "SHA256:bob"));
            assertNotEquals(alice.address(), bob.address());
            await(services.accounts().setNickname(alice.address(), "alice"));
            network = await(services.networks().create("Lab", alice.address(), null));
            assertTrue(await(services.networks().addMember(
                    new Membership(network.id(), bob.address(), Membership.MEMBER, true, 1L))));
            await(services.tunnels().open(alice.address(), bob.address()));
        }

        try (MediationNode node = TestNodes.start(dataDir, cluster, new JsonObject())) {
            var services = node.services();
            Account reloaded = await(services.accounts().find(alice.address()));
            assertNotNull(reloaded);
            assertEquals("alice", reloaded.nickname());
            Account again = await(services.accounts().register(new byte[] {4, 5, 6}, "SHA256:bob"));
            assertEquals(bob.address(), again.address());
            Network byName = await(services.networks().findByName("lab"));
            assertNotNull(byName);
            assertEquals(network.id(), byName.id());
            List<Membership> members = await(services.networks().members(network.id()));
            assertEquals(2, members.size());
            assertEquals(1, await(services.networks().membershipsOf(bob.address())).size());
            assertNull(await(services.tunnels().find(alice.address(), bob.address())));
        }
    }
}
