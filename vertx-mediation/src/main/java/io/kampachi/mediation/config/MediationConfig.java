package io.kampachi.mediation.config;

import io.kampachi.common.wire.Control;
import io.vertx.core.json.JsonObject;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Validated settings of one mediation node. Built by {@link ConfigLoader} from the embedded
 * defaults with an optional JSON file merged over them; {@code docs/mediation.md} describes every key.
 *
 * @param dataDir directory that contains the database and, by default, the server key files
 * @param control TCP listener for control connections
 * @param controlInstances number of control-server verticle instances sharing the listener
 * @param probe UDP listener for NAT probes
 * @param probeLookups probe token lookups that may be in progress at a time; probes beyond them are dropped
 * @param keys server key files
 * @param addressPool block from which Kampachi addresses are assigned
 * @param timeouts login, idle and keep-alive timing
 * @param scryptCost scrypt CPU/memory cost parameter N for network passwords, a power of two
 * @param passwordThreads threads that hash network passwords, each taking about {@code 1024 * scryptCost} bytes
 * @param passwordQueue password hashes that may wait for one of those threads; more get {@code rate-limited}
 * @param pendingRequests maximum number of control requests a session may have in flight
 * @param networksPerAccount maximum number of networks one account may own or belong to
 * @param membersPerNetwork maximum number of members of one network, its owner included
 * @param cluster Hazelcast and event-bus settings
 */
public record MediationConfig(
        Path dataDir,
        Listen control,
        int controlInstances,
        Listen probe,
        int probeLookups,
        Keys keys,
        AddressPool addressPool,
        Timeouts timeouts,
        int scryptCost,
        int passwordThreads,
        int passwordQueue,
        int pendingRequests,
        int networksPerAccount,
        int membersPerNetwork,
        Cluster cluster) {

    /** A listening socket: a literal IP address (never a name, so no lookup happens) and a port. */
    public record Listen(String host, int port) {
    }

    /**
     * Server key files. The first file is the key new clients are expected to pin; the others stay
     * valid during a key rotation.
     *
     * @param files absolute paths of PKCS#8 PEM files holding RSA private keys
     * @param generate whether a missing first file is created with a new key on start
     */
    public record Keys(List<Path> files, boolean generate) {
    }

    /**
     * @param login how long a connection may take from accept to AUTH OK
     * @param idle how long a logged-in session may stay silent before the server drops it
     * @param keepalive how long the server stays silent before it sends its own keep-alive
     */
    public record Timeouts(Duration login, Duration idle, Duration keepalive) {
    }

    /**
     * @param name Hazelcast cluster name: nodes with different names never join each other
     * @param host interface Hazelcast binds and announces
     * @param port first Hazelcast port to try
     * @param portCount how many ports from {@code port} upwards Hazelcast may try
     * @param members {@code host:port} entries of the members to contact when joining
     * @param eventBusHost interface of the clustered event bus
     * @param eventBusPort port of the clustered event bus, 0 for any free port
     */
    public record Cluster(String name, String host, int port, int portCount, List<String> members,
            String eventBusHost, int eventBusPort) {
    }

    /** Reads a configuration from JSON that already contains every key (defaults merged in). */
    static MediationConfig fromJson(JsonObject json, Path baseDir) {
        ConfigReader root = new ConfigReader(json, "");
        Path dataDir = baseDir.resolve(root.string("dataDir")).normalize();
        ConfigReader control = root.object("control");
        ConfigReader probe = root.object("probe");
        ConfigReader keys = root.object("keys");
        ConfigReader timeouts = root.object("timeouts");
        ConfigReader cluster = root.object("cluster");
        ConfigReader limits = root.object("limits");
        ConfigReader passwords = root.object("passwords");
        int networksPerAccount = limits.integer("networksPerAccount", 1, 1024);
        int membersPerNetwork = limits.integer("membersPerNetwork", 2, 1024);
        if (!SyncBudget.fits(networksPerAccount, membersPerNetwork)) {
            throw new ConfigException("limits", "networksPerAccount " + networksPerAccount + " and membersPerNetwork "
                    + membersPerNetwork + " allow a sync of up to " + SyncBudget.maxSyncBytes(networksPerAccount,
                    membersPerNetwork) + " bytes, above the envelope limit of " + Control.MAX_ENVELOPE_LENGTH
                    + "; lower one of them");
        }
        return new MediationConfig(
                dataDir,
                new Listen(control.ipLiteral("host"), control.integer("port", 0, 65535)),
                control.integer("instances", 1, 64),
                new Listen(probe.ipLiteral("host"), probe.integer("port", 0, 65535)),
                probe.integer("maxLookups", 1, 65536),
                new Keys(keys.stringList("files", 1, 16).stream().map(dataDir::resolve).toList(),
                        keys.bool("generate")),
                root.addressPool("addressPool"),
                new Timeouts(
                        Duration.ofMillis(timeouts.integer("loginMs", 100, 600_000)),
                        Duration.ofMillis(timeouts.integer("idleMs", 100, 3_600_000)),
                        Duration.ofMillis(timeouts.integer("keepaliveMs", 50, 3_600_000))),
                passwords.powerOfTwo("scryptCost", 1 << 10, 1 << 20),
                passwords.integer("threads", 1, 64),
                passwords.integer("queue", 0, 4096),
                limits.integer("pendingRequests", 1, 1024),
                networksPerAccount,
                membersPerNetwork,
                new Cluster(
                        cluster.string("name"),
                        cluster.ipLiteral("host"),
                        cluster.integer("port", 1, 65535),
                        cluster.integer("portCount", 1, 100),
                        cluster.memberList("members"),
                        cluster.ipLiteral("eventBusHost"),
                        cluster.integer("eventBusPort", 0, 65535)));
    }
}
