package io.kampachi.client.daemon;

import io.kampachi.client.config.ClientConfig;
import io.kampachi.client.config.ConfigException;
import io.kampachi.client.config.ConfigOverrides;
import io.kampachi.client.control.ControlSession;
import io.kampachi.client.local.CommandException;
import io.kampachi.client.local.LocalControlServer;
import io.kampachi.client.state.KeyFingerprints;
import io.kampachi.client.state.StateDirectory;
import io.kampachi.client.tun.Ipv4Packets;
import io.kampachi.client.tun.TunDevice;
import io.kampachi.client.tun.TunFactory;
import io.kampachi.client.tun.TunReader;
import io.kampachi.client.tunnel.TunnelListener;
import io.kampachi.client.tunnel.TunnelManager;
import io.kampachi.client.tunnel.TunnelPath;
import io.kampachi.client.tunnel.TunnelSettings;
import io.kampachi.common.crypto.CryptoException;
import io.kampachi.common.crypto.Fingerprints;
import io.kampachi.common.crypto.RsaKeys;
import io.kampachi.common.wire.Decoded;
import io.kampachi.common.wire.Probe;
import io.kampachi.common.wire.ProbeReply;
import io.kampachi.common.wire.UdpDatagrams;
import io.kampachi.common.wire.UnprotectedDatagram;
import io.netty.buffer.ByteBuf;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.interfaces.RSAPublicKey;
import java.util.Base64;
import java.util.Collections;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The client daemon: owns the state directory, the TUN device, the UDP socket, the control session, the tunnels and
 * the CLI socket.
 *
 * <p>Threads: all session, network and tunnel state lives on one Vert.x event-loop context. The TUN reader thread
 * and the CLI socket threads only hand work to that context; blocking steps ({@code ip} commands, interface
 * enumeration) run through {@code executeBlocking}.
 */
public final class ClientDaemon implements AutoCloseable {

    /** The error code of a request that needs the server while no server key is pinned. */
    public static final String NO_SERVER_KEY = "no-server-key";

    private static final Logger LOG = LoggerFactory.getLogger(ClientDaemon.class);

    private static final int PROBE_TOKEN_LENGTH = 16;
    private static final int PROBE_SENDS = 5;
    private static final long PROBE_INTERVAL_MILLIS = 300;
    private static final int PEER_KEY_ATTEMPTS = 10;
    private static final long PEER_KEY_RETRY_MILLIS = 2000;
    /** TUN packets waiting for the event loop; beyond this the reader drops, as a full NIC queue would. */
    private static final int MAX_QUEUED_TUN_PACKETS = 4096;
    private static final int UDP_BUFFER_BYTES = 4 << 20;

    private final ClientConfig config;
    private final Vertx vertx;
    private final Context context;
    private final KeyPair keyPair;
    private final RSAPublicKey serverKey;
    private final StateDirectory state;
    private final TunnelSettings tunnelSettings;
    private final Counters counters = new Counters();
    private final NetworkView networks = new NetworkView();
    private final Promise<Void> closed = Promise.promise();
    private final Set<String> keyRequestsInFlight = new HashSet<>();
    private final AtomicInteger tunQueue = new AtomicInteger();
    private TunDevice tun;
    private TunReader tunReader;
    private LocalControlServer localServer;
    private UdpSocket udp;
    private int udpPort;
    private ControlSession session;
    private TunnelManager tunnels;
    private String nickname;
    /** Completes when the nickname from the config is set after a login, successfully or not. */
    private Future<Void> nicknameUpdate = Future.succeededFuture();
    private int tunAddress;
    private byte[] probeToken;
    private String mappedEndpoint;
    private volatile boolean closing;

    private ClientDaemon(ClientConfig config, Vertx vertx, StateDirectory state, KeyPair keyPair,
            RSAPublicKey serverKey, TunnelSettings tunnelSettings) {
        this.config = config;
        this.vertx = vertx;
        this.context = vertx.getOrCreateContext();
        this.state = state;
        this.keyPair = keyPair;
        this.serverKey = serverKey;
        this.tunnelSettings = tunnelSettings;
    }

    /** Starts a daemon with the default tunnel timing. */
    public static Future<ClientDaemon> start(ClientConfig config, TunFactory tunFactory) {
        return start(config, tunFactory, TunnelSettings.DEFAULTS);
    }

    /**
     * Starts a daemon: opens the state directory and key pair, checks the pinned server key, opens the TUN device,
     * binds the UDP socket and the CLI socket. The daemon stays logged out until a {@code login} request. Without a
     * pinned server key it starts all the same, but refuses {@code login} and every request that needs the server.
     */
    public static Future<ClientDaemon> start(ClientConfig config, TunFactory tunFactory, TunnelSettings settings) {
        ClientDaemon daemon;
        try {
            RSAPublicKey serverKey = null;
            if (config.serverPin() != null) {
                try {
                    serverKey = config.serverPin().readKey();
                } catch (ConfigException e) {
                    return Future.failedFuture(new IOException(e.getMessage(), e));
                }
            }
            StateDirectory state = StateDirectory.open(config.stateDir());
            KeyPair keyPair = state.loadOrCreateKeyPair();
            daemon = new ClientDaemon(config, Vertx.vertx(), state, keyPair, serverKey, settings);
        } catch (IOException e) {
            return Future.failedFuture(e);
        }
        try {
            daemon.tun = tunFactory.open(config.tunName(), config.tunMtu());
        } catch (IOException e) {
            daemon.close();
            return Future.failedFuture(e);
        }
        Promise<ClientDaemon> started = Promise.promise();
        daemon.context.runOnContext(v -> daemon.startOnLoop().onComplete(ar -> {
            if (ar.succeeded()) {
                started.complete(daemon);
            } else {
                started.fail(ar.cause());
                daemon.vertx.executeBlocking(() -> {
                    daemon.close();
                    return null;
                });
            }
        }));
        return started.future();
    }

    private Future<Void> startOnLoop() {
        // Larger socket buffers absorb bursts while the event loop is busy; the kernel caps them at its maximum.
        Future<UdpSocket> bound = UdpSocket.bind(vertx, context, config.udpBind(), config.udpPort(), UDP_BUFFER_BYTES,
                this::onDatagram);
        return bound.compose(socket -> {
            udp = socket;
            udpPort = socket.localPort();
            tunnels = new TunnelManager(vertx, tunnelSettings, this::sendDatagram, tun, keyPair, counters,
                    new TunnelEvents());
            if (serverKey != null) {
                session = new ControlSession(vertx, config.serverHost(), config.serverPort(),
                        config.keepaliveSeconds(), keyPair, serverKey, config.serverFingerprint(), state,
                        new SessionEvents());
            }
            try {
                localServer = LocalControlServer.start(config.controlSocket(), this::handleLocal);
            } catch (IOException e) {
                return Future.failedFuture(e);
            }
            tunReader = TunReader.start(tun, this::queueTunPacket);
            LOG.info("Client daemon started: stateDir={} clientKey={} socket={} tun={} udp={}:{} server={}:{}",
                    config.stateDir(), config.stateDir().resolve(StateDirectory.PRIVATE_KEY_FILE),
                    config.controlSocket(), tun.name(), config.udpBind(), udpPort, config.serverHost(),
                    config.serverPort());
            if (session == null) {
                LOG.warn("Login disabled: no server key is pinned. Set server.fingerprint and server.publicKeyFile"
                        + " in the config file, or start the daemon with {} FP and {} FILE",
                        ConfigOverrides.FINGERPRINT_OPTION, ConfigOverrides.KEY_FILE_OPTION);
            } else {
                LOG.info("Server key pinned: fingerprint={} file={}", config.serverFingerprint(),
                        config.serverPublicKeyFile());
            }
            return Future.succeededFuture();
        });
    }

    /** Hands a TUN packet to the event loop, or drops it when the loop is already that far behind. */
    private void queueTunPacket(byte[] packet) {
        if (tunQueue.incrementAndGet() > MAX_QUEUED_TUN_PACKETS) {
            tunQueue.decrementAndGet();
            counters.increment(Counters.DROP_QUEUE_FULL);
            return;
        }
        context.runOnContext(v -> {
            tunQueue.decrementAndGet();
            tunnels.fromTun(packet);
        });
    }

    // ---- UDP ---------------------------------------------------------------------------------------------------

    private void sendDatagram(Buffer datagram, InetSocketAddress target) {
        udp.send(datagram, target);
    }

    private void onDatagram(ByteBuf content, InetSocketAddress sender) {
        if (tunnels == null) {
            return;
        }
        int length = content.readableBytes();
        int start = content.readerIndex();
        if (length >= 8 && content.getInt(start) == 0 && content.getInt(start + 4) == 0) {
            byte[] bytes = new byte[length];
            content.getBytes(start, bytes);
            onProbeReply(Buffer.buffer(bytes), sender);
            return;
        }
        // One copy into an array that the tunnel verifies and decrypts in place.
        byte[] datagram = new byte[length];
        content.getBytes(start, datagram);
        tunnels.fromUdp(datagram, sender);
    }

    // ---- CLI requests ------------------------------------------------------------------------------------------

    private Future<JsonObject> handleLocal(String command, JsonObject args) {
        Promise<JsonObject> promise = Promise.promise();
        context.runOnContext(v -> {
            try {
                dispatch(command, args).onComplete(promise);
            } catch (CommandException e) {
                promise.fail(e);
            } catch (RuntimeException e) {
                LOG.warn("CLI request failed: command={}", command, e);
                promise.fail(new CommandException("internal", String.valueOf(e.getMessage())));
            }
        });
        return promise.future();
    }

    private Future<JsonObject> dispatch(String command, JsonObject args) {
        switch (command) {
            case "status":
                return Future.succeededFuture(status());
            case "login":
                return session().login().compose(sync -> nicknameUpdate).map(v -> new JsonObject()
                        .put("address", Ipv4Packets.format(session.address())).put("nickname", nickname));
            case "logout":
                if (session != null) {
                    session.logout();
                }
                tunnels.closeAll("logout");
                networks.clear();
                return Future.succeededFuture(new JsonObject());
            case "create":
                return session().request("network.create", nameAndPassword(args)).map(this::rememberNetwork);
            case "join":
                return session().request("network.join", nameAndPassword(args)).map(this::rememberNetwork);
            case "leave": {
                long id = networkId(args);
                return session().request("network.leave", new JsonObject().put("networkId", id)).map(reply -> {
                    networks.remove(id);
                    return reply;
                });
            }
            case "delete": {
                long id = networkId(args);
                return session().request("network.delete", new JsonObject().put("networkId", id)).map(reply -> {
                    networks.remove(id);
                    return reply;
                });
            }
            case "go-online":
            case "go-offline": {
                long id = networkId(args);
                boolean online = "go-online".equals(command);
                return session().request("network.presence", new JsonObject().put("networkId", id)
                        .put("online", online)).map(reply -> {
                            networks.presence(id, Ipv4Packets.format(session.address()), online);
                            return reply;
                        });
            }
            case "set-nick": {
                String requested = requireString(args, "nickname");
                return session().request("nickname.set", new JsonObject().put("nickname", requested)).map(reply -> {
                    nickname = requested;
                    return reply;
                });
            }
            case "list":
                return Future.succeededFuture(list());
            case "peer-fingerprint":
                return peerFingerprint(requireString(args, "address"));
            default:
                throw new CommandException("unknown-type", "unknown command '" + command + "'");
        }
    }

    /** Returns the control session, or refuses the request when no server key is pinned. */
    private ControlSession session() {
        if (session == null) {
            throw new CommandException(NO_SERVER_KEY, "login is disabled: no server key is pinned. Set"
                    + " server.fingerprint and server.publicKeyFile in the daemon's config file, or restart the"
                    + " daemon with " + ConfigOverrides.FINGERPRINT_OPTION + " FP and "
                    + ConfigOverrides.KEY_FILE_OPTION + " FILE");
        }
        return session;
    }

    private JsonObject rememberNetwork(JsonObject reply) {
        JsonObject network = reply.getJsonObject("network");
        if (network != null) {
            networks.put(network);
        }
        return reply;
    }

    private static JsonObject nameAndPassword(JsonObject args) {
        JsonObject body = new JsonObject().put("name", requireString(args, "name"));
        if (args.getValue("password") instanceof String) {
            body.put("password", args.getString("password"));
        }
        return body;
    }

    private long networkId(JsonObject args) {
        String name = requireString(args, "name");
        return networks.find(name).map(network -> network.getLong("id")).orElseThrow(() ->
                new CommandException("not-member", "not a member of a network named '" + name + "'"));
    }

    private static String requireString(JsonObject args, String key) {
        Object value = args.getValue(key);
        if (!(value instanceof String) || ((String) value).isEmpty()) {
            throw new CommandException("invalid-request", "missing argument '" + key + "'");
        }
        return (String) value;
    }

    private Future<JsonObject> peerFingerprint(String address) {
        try {
            Ipv4Packets.parse(address);
        } catch (IllegalArgumentException e) {
            throw new CommandException("invalid-request", e.getMessage());
        }
        return session().request("peer.key", new JsonObject().put("address", address)).map(reply -> {
            RSAPublicKey key = decodePeerKey(address, reply);
            return new JsonObject().put("address", address).put("fingerprint", Fingerprints.sha256Text(key))
                    .put("md5", Fingerprints.md5Hex(key));
        });
    }

    private RSAPublicKey decodePeerKey(String address, JsonObject reply) {
        try {
            byte[] der = Base64.getDecoder().decode(reply.getString("publicKey", ""));
            RSAPublicKey key = RsaKeys.decodePublicKey(der);
            String stated = reply.getString("fingerprint");
            if (stated != null && !KeyFingerprints.matches(key, stated)) {
                throw new CommandException("internal", "the server's fingerprint for " + address
                        + " does not match the key it sent");
            }
            return key;
        } catch (IllegalArgumentException | CryptoException e) {
            throw new CommandException("internal", "invalid public key for " + address + ": " + e.getMessage());
        }
    }

    private JsonObject status() {
        ControlSession.State sessionState = session == null ? ControlSession.State.LOGGED_OUT : session.state();
        JsonObject status = new JsonObject()
                .put("state", sessionState.name().toLowerCase().replace('_', '-'))
                .put("server", config.serverHost() + ":" + config.serverPort())
                .put("serverKey", config.serverFingerprint())
                .put("tun", tun.name())
                .put("udpPort", udpPort)
                .put("counters", counters.toJson());
        if (session != null && session.address() != 0) {
            status.put("address", Ipv4Packets.format(session.address()));
        }
        if (nickname != null) {
            status.put("nickname", nickname);
        }
        if (mappedEndpoint != null) {
            status.put("mappedEndpoint", mappedEndpoint);
        }
        return status;
    }

    private JsonObject list() {
        String self = session == null || session.address() == 0 ? null : Ipv4Packets.format(session.address());
        JsonArray result = new JsonArray();
        for (JsonObject network : networks.all()) {
            JsonArray members = new JsonArray();
            boolean selfOnline = true;
            for (Object item : network.getJsonArray("members", new JsonArray())) {
                JsonObject member = (JsonObject) item;
                String address = member.getString("address");
                if (address != null && address.equals(self)) {
                    selfOnline = member.getBoolean("online", true);
                    continue;
                }
                JsonObject tunnel = address == null ? null : tunnels.describe(address);
                if (tunnel != null) {
                    // A member that is offline in this network reaches us through no tunnel of this network.
                    String path = member.getBoolean("online", false) ? tunnel.getString("path")
                            : TunnelPath.DOWN.wireName();
                    member.put("path", path).put("endpoint", tunnel.getString("endpoint")).put("tunnel", tunnel);
                }
                members.add(member);
            }
            network.put("members", members).put("online", selfOnline);
            result.add(network);
        }
        return new JsonObject().put("address", self).put("networks", result).put("tunnels", tunnels.describeAll());
    }

    // ---- control session events --------------------------------------------------------------------------------

    /** Reacts to server events; runs on the daemon context. */
    private final class SessionEvents implements ControlSession.Listener {

        @Override
        public void onEvent(String type, JsonObject body) {
            try {
                handleEvent(type, body);
            } catch (RuntimeException e) {
                LOG.warn("Server event rejected: type={} error={}", type, e.getMessage());
            }
        }

        @Override
        public void onDisconnected() {
            keyRequestsInFlight.clear();
        }
    }

    private void handleEvent(String type, JsonObject body) {
        switch (type) {
            case "sync":
                onSync(body);
                break;
            case "member.joined":
                networks.memberJoined(body.getLong("networkId"), body.getJsonObject("member"));
                break;
            case "member.left":
                JsonObject member = body.getJsonObject("member");
                String leaving = member == null ? body.getString("address", "") : member.getString("address", "");
                networks.memberLeft(body.getLong("networkId"), leaving);
                markIfOffline(leaving);
                break;
            case "member.updated":
                networks.memberUpdated(body.getLong("networkId"), body.getJsonObject("member"));
                break;
            case "presence":
                networks.presence(body.getLong("networkId"), body.getString("address"), body.getBoolean("online"));
                markIfOffline(body.getString("address"));
                break;
            case "network.deleted":
                networks.remove(body.getLong("networkId"));
                break;
            case "tunnel.open":
                tunnels.open(body);
                break;
            case "tunnel.close":
                tunnels.close(body.getString("peer"), body.getString("reason", "closed by the server"));
                break;
            case "peer.lost":
                tunnels.peerLost(body.getString("peer"));
                break;
            default:
                LOG.debug("Server event ignored: type={}", type);
        }
    }

    /**
     * Shows the tunnel to {@code address} as down when the peer is online in no network any more. The tunnel stays
     * until the server closes it, and the next {@code tunnel.open} shows its real path again.
     */
    private void markIfOffline(String address) {
        if (address != null && !address.isEmpty() && tunnels.describe(address) != null
                && !networks.isOnline(address)) {
            tunnels.peerOffline(address);
        }
    }

    private void onSync(JsonObject sync) {
        int address = Ipv4Packets.parse(sync.getString("address"));
        nickname = sync.getString("nickname", nickname);
        networks.replaceAll(sync.getJsonArray("networks", new JsonArray()));
        if (address != tunAddress) {
            assignTunAddress(address);
        }
        nicknameUpdate = Future.succeededFuture();
        if (config.nickname() != null && !config.nickname().equals(nickname)) {
            String wanted = config.nickname();
            nicknameUpdate = session.request("nickname.set", new JsonObject().put("nickname", wanted))
                    .<Void>map(reply -> {
                        nickname = wanted;
                        return null;
                    })
                    .recover(e -> {
                        LOG.warn("Nickname not set: nickname={} error={}", wanted, e.getMessage());
                        return Future.succeededFuture();
                    });
        }
        String token = sync.getString("probeToken");
        Integer probePort = sync.getInteger("probePort");
        probeToken = token == null ? null : Base64.getDecoder().decode(token);
        if (probeToken != null && probeToken.length == PROBE_TOKEN_LENGTH && probePort != null) {
            probe(probePort, 0);
        } else {
            reportEndpoints();
        }
        for (Object item : tunnels.describeAll()) {
            JsonObject tunnel = (JsonObject) item;
            reportPath(tunnel.getString("peer"), tunnel.getString("path"));
        }
    }

    private void assignTunAddress(int address) {
        tunAddress = address;
        vertx.executeBlocking(() -> {
            byte[] octets = {(byte) (address >>> 24), (byte) (address >>> 16), (byte) (address >>> 8), (byte) address};
            tun.assignAddress((Inet4Address) InetAddress.getByAddress(octets), config.tunPrefixLength());
            return null;
        }).onFailure(e -> LOG.error("TUN address not assigned: name={} address={} error={}", tun.name(),
                Ipv4Packets.format(address), e.getMessage()));
    }

    private void probe(int probePort, int sent) {
        if (probeToken == null) {
            return;
        }
        if (sent >= PROBE_SENDS) {
            LOG.info("No probe reply: server={}:{} sends={}", config.serverHost(), probePort, sent);
            probeToken = null;
            reportEndpoints();
            return;
        }
        udp.send(Buffer.buffer(UdpDatagrams.encodeProbe(new Probe(probeToken))), probePort, config.serverHost());
        vertx.setTimer(PROBE_INTERVAL_MILLIS, t -> probe(probePort, sent + 1));
    }

    private void onProbeReply(Buffer data, InetSocketAddress sender) {
        Decoded<UnprotectedDatagram> decoded = UdpDatagrams.decode(data);
        if (!decoded.isOk() || !(decoded.value().message() instanceof ProbeReply) || probeToken == null) {
            LOG.debug("Unexpected probe datagram dropped: endpoint={}", sender);
            return;
        }
        ProbeReply reply = (ProbeReply) decoded.value().message();
        if (!MessageDigest.isEqual(reply.token(), probeToken)) {
            return;
        }
        probeToken = null;
        mappedEndpoint = reply.address().getHostAddress() + ":" + reply.port();
        LOG.info("Probe reply: mappedEndpoint={}", mappedEndpoint);
        reportEndpoints();
    }

    private void reportEndpoints() {
        String tunName = tun.name();
        vertx.executeBlocking(() -> lanEndpoints(tunName)).onComplete(ar -> {
            JsonArray lan = ar.succeeded() ? ar.result() : new JsonArray();
            session.request("endpoint.report", new JsonObject().put("udpPort", udpPort).put("lan", lan))
                    .onFailure(e -> LOG.warn("Endpoint report failed: error={}", e.getMessage()));
        });
    }

    private JsonArray lanEndpoints(String tunName) throws SocketException {
        JsonArray lan = new JsonArray();
        if (!"0.0.0.0".equals(config.udpBind())) {
            return lan.add(new JsonObject().put("host", config.udpBind()).put("port", udpPort));
        }
        for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (!nic.isUp() || nic.isLoopback() || nic.getName().equals(tunName)) {
                continue;
            }
            for (InetAddress address : Collections.list(nic.getInetAddresses())) {
                if (address instanceof Inet4Address) {
                    lan.add(new JsonObject().put("host", address.getHostAddress()).put("port", udpPort));
                }
            }
        }
        return lan;
    }

    // ---- tunnel events -----------------------------------------------------------------------------------------

    /** Callbacks from the tunnel layer, run on the daemon context. */
    private final class TunnelEvents implements TunnelListener {

        @Override
        public void peerKeyNeeded(String peer) {
            fetchPeerKey(peer, 1);
        }

        @Override
        public void pathChanged(String peer, TunnelPath path) {
            reportPath(peer, path.wireName());
        }
    }

    private void fetchPeerKey(String peer, int attempt) {
        if (!keyRequestsInFlight.add(peer)) {
            return;
        }
        session.request("peer.key", new JsonObject().put("address", peer)).onComplete(ar -> {
            keyRequestsInFlight.remove(peer);
            if (ar.succeeded()) {
                try {
                    RSAPublicKey key = decodePeerKey(peer, ar.result());
                    LOG.info("Peer key received: peer={} fingerprint={}", peer, Fingerprints.sha256Text(key));
                    tunnels.peerKey(peer, key);
                    return;
                } catch (CommandException e) {
                    LOG.warn("Peer key rejected: peer={} error={}", peer, e.getMessage());
                }
            } else {
                LOG.info("Peer key request failed: peer={} attempt={} error={}", peer, attempt,
                        ar.cause().getMessage());
            }
            if (attempt < PEER_KEY_ATTEMPTS && !closing) {
                vertx.setTimer(PEER_KEY_RETRY_MILLIS, t -> {
                    if (tunnels.describe(peer) != null) {
                        fetchPeerKey(peer, attempt + 1);
                    }
                });
            }
        });
    }

    private void reportPath(String peer, String path) {
        if (session == null || session.state() != ControlSession.State.ONLINE) {
            return;
        }
        session.request("tunnel.status", new JsonObject().put("peer", peer).put("path", path))
                .onFailure(e -> LOG.debug("Tunnel status not reported: peer={} error={}", peer, e.getMessage()));
    }

    // ---- accessors and shutdown --------------------------------------------------------------------------------

    /** Returns the daemon's counters. */
    public Counters counters() {
        return counters;
    }

    /** Returns the bound UDP port. */
    public int udpPort() {
        return udpPort;
    }

    /** Returns a future that completes when the daemon has stopped. */
    public Future<Void> closeFuture() {
        return closed.future();
    }

    /** Stops everything the daemon started; blocks until done, so never call it on the daemon's event loop. */
    @Override
    public synchronized void close() {
        if (closing) {
            return;
        }
        closing = true;
        if (localServer != null) {
            localServer.close();
        }
        if (tunReader != null) {
            tunReader.close();
        }
        Promise<Void> stopped = Promise.promise();
        context.runOnContext(v -> {
            if (session != null) {
                session.close();
            }
            if (tunnels != null) {
                tunnels.close();
            }
            Future<Void> udpClosed = udp == null ? Future.succeededFuture() : udp.close();
            udpClosed.onComplete(ar -> stopped.complete());
        });
        try {
            stopped.future().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warn("Daemon stop did not finish cleanly: error={}", e.getMessage());
        }
        if (tun != null) {
            tun.close();
        }
        vertx.close().toCompletionStage().toCompletableFuture().join();
        LOG.info("Client daemon stopped");
        closed.tryComplete();
    }
}
