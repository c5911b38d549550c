package io.kampachi.mediation;

import io.kampachi.mediation.bus.EventBusAddresses;
import io.kampachi.mediation.cluster.ClusterSetup;
import io.kampachi.mediation.cluster.MapNames;
import io.kampachi.mediation.cluster.SharedState;
import io.kampachi.mediation.config.MediationConfig;
import io.kampachi.mediation.keys.ServerKey;
import io.kampachi.mediation.keys.ServerKeys;
import io.kampachi.mediation.probe.ProbeServer;
import io.kampachi.mediation.session.ControlServer;
import io.kampachi.mediation.store.Database;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One running mediation node: server keys, database, a clustered Vert.x instance with the
 * Hazelcast cluster manager, the UDP probe server and the TCP control server.
 *
 * <p>{@link #start} and {@link #close} block the calling thread, which must not be a Vert.x thread;
 * the command line and the tests call them from their main threads.
 */
public final class MediationNode implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(MediationNode.class);
    private static final long STARTUP_TIMEOUT_SECONDS = 120;
    private static final long SHUTDOWN_TIMEOUT_SECONDS = 60;

    private final Vertx vertx;
    private final HazelcastClusterManager clusterManager;
    private final Database database;
    private final MediationServices services;
    private final int controlPort;
    private final int probePort;

    private MediationNode(Vertx vertx, HazelcastClusterManager clusterManager, Database database,
            MediationServices services, int controlPort, int probePort) {
        this.vertx = vertx;
        this.clusterManager = clusterManager;
        this.database = database;
        this.services = services;
        this.controlPort = controlPort;
        this.probePort = probePort;
    }

    /**
     * Starts a node and returns once it listens.
     *
     * @throws io.kampachi.mediation.config.ConfigException if a key file is unusable
     * @throws IllegalStateException if the database, the cluster or a listener cannot start
     */
    public static MediationNode start(MediationConfig config) {
        ServerKeys keys = ServerKeys.load(config.keys());
        Database database;
        try {
            database = Database.open(config.dataDir());
        } catch (IOException | SQLException e) {
            throw new IllegalStateException("cannot open the database in " + config.dataDir() + ": "
                    + e.getMessage(), e);
        }
        Vertx vertx = null;
        try {
            HazelcastClusterManager clusterManager = ClusterSetup.clusterManager(config.cluster(), database);
            VertxOptions options = new VertxOptions();
            options.getEventBusOptions()
                    .setHost(config.cluster().eventBusHost())
                    .setPort(config.cluster().eventBusPort());
            vertx = await(Vertx.builder().with(options).withClusterManager(clusterManager).buildClustered());
            SharedState state = new SharedState(vertx, clusterManager.getHazelcastInstance());
            // With the EAGER load mode getMap returns once the map is loaded from the database. Doing it here keeps
            // the load off the worker threads of the first requests, which would otherwise wait in their login timeout.
            for (String map : MapNames.PERSISTED) {
                state.map(map);
            }
            MediationServices services = MediationServices.create(config, keys, state);
            vertx.eventBus().<Object>consumer(EventBusAddresses.ADMIN_STATS,
                    message -> message.reply(services.stats().toJson()));

            ProbeServer probe = new ProbeServer(services);
            await("cannot bind the UDP probe socket " + config.probe().host() + ":" + config.probe().port(),
                    vertx.deployVerticle(probe));
            int probePort = probe.actualPort();
            AtomicInteger controlPort = new AtomicInteger();
            await("cannot bind the TCP control port " + config.control().host() + ":" + config.control().port(),
                    vertx.deployVerticle(() -> new ControlServer(services, probePort, controlPort::set),
                            new DeploymentOptions().setInstances(config.controlInstances())));
            MediationNode node = new MediationNode(vertx, clusterManager, database, services, controlPort.get(),
                    probePort);
            node.logStarted();
            return node;
        } catch (RuntimeException e) {
            if (vertx != null) {
                closeQuietly(vertx);
            }
            database.close();
            throw e;
        }
    }

    private void logStarted() {
        MediationConfig config = services.config();
        LOG.info("mediation node started control={}:{} probe={}:{}/udp dataDir={} database={}.mv.db pool={}",
                config.control().host(), controlPort, config.probe().host(), probePort, config.dataDir(),
                database.file(), config.addressPool());
        for (ServerKey key : services.keys().all()) {
            LOG.info("server key file={} fingerprint={} md5={}", key.file(), key.sha256Text(), key.md5Text());
        }
    }

    /** Port the control server listens on (useful when the configuration asked for port 0). */
    public int controlPort() {
        return controlPort;
    }

    /** Port the probe server listens on. */
    public int probePort() {
        return probePort;
    }

    /** Number of nodes in the cluster this node belongs to, itself included. */
    public int clusterSize() {
        return clusterManager.getNodes().size();
    }

    public Vertx vertx() {
        return vertx;
    }

    public MediationServices services() {
        return services;
    }

    /** Stops the listeners, leaves the cluster and closes the database. */
    @Override
    public void close() {
        LOG.info("mediation node stopping");
        try {
            undeployQuietly(vertx);
            closeQuietly(vertx);
        } finally {
            database.close();
        }
        LOG.info("mediation node stopped");
    }

    /**
     * Stops the listeners before Vert.x closes anything else. The control server then waits for the cleanup of its
     * sessions while the password pool, the worker pool and the cluster still run.
     */
    private static void undeployQuietly(Vertx vertx) {
        List<Future<Void>> undeployed = vertx.deploymentIDs().stream().map(vertx::undeploy).toList();
        try {
            Future.join(undeployed).toCompletionStage().toCompletableFuture()
                    .get(SHUTDOWN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            LOG.warn("listeners did not stop cleanly", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void closeQuietly(Vertx vertx) {
        try {
            vertx.close().toCompletionStage().toCompletableFuture().get(SHUTDOWN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            LOG.warn("vert.x did not close cleanly", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static <T> T await(Future<T> future) {
        return await("mediation node failed to start", future);
    }

    /** Waits for a start step. A failure's message starts with {@code failure}, such as the port it binds. */
    private static <T> T await(String failure, Future<T> future) {
        try {
            return future.toCompletionStage().toCompletableFuture().get(STARTUP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException(failure + ": " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("mediation node did not start within " + STARTUP_TIMEOUT_SECONDS + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting the mediation node", e);
        }
    }
}
