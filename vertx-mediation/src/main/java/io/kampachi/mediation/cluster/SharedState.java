package io.kampachi.mediation.cluster;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.util.concurrent.Callable;

/**
 * Access to the cluster's Hazelcast maps for the repositories. Map calls block (a persisted map
 * waits for its database write), so repositories run them through {@link #blocking} on a worker
 * thread and hand the event loop a future.
 */
public final class SharedState {

    private final Vertx vertx;
    private final HazelcastInstance hazelcast;

    public SharedState(Vertx vertx, HazelcastInstance hazelcast) {
        this.vertx = vertx;
        this.hazelcast = hazelcast;
    }

    public <K, V> IMap<K, V> map(String name) {
        return hazelcast.getMap(name);
    }

    /** Runs {@code task} on a worker thread, unordered, and completes on the caller's context. */
    public <T> Future<T> blocking(Callable<T> task) {
        return vertx.executeBlocking(task, false);
    }

    public Vertx vertx() {
        return vertx;
    }

    /** Id of this node in the Vert.x cluster, used to record which node accepted a session. */
    public String localMemberId() {
        return hazelcast.getCluster().getLocalMember().getUuid().toString();
    }
}
