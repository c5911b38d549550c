package io.kampachi.client.control;

import io.kampachi.client.tun.Ipv4Packets;
import io.kampachi.common.crypto.CryptoException;
import io.kampachi.common.crypto.DhGroup14;
import io.kampachi.common.crypto.DhKeyPair;
import io.kampachi.common.crypto.Fingerprints;
import io.kampachi.common.crypto.Nonces;
import io.kampachi.common.crypto.Role;
import io.kampachi.common.crypto.RsaKeys;
import io.kampachi.common.crypto.SessionKeys;
import io.kampachi.common.protect.MessageIdExhaustedException;
import io.kampachi.common.protect.UnprotectResult;
import io.kampachi.common.wire.Auth;
import io.kampachi.common.wire.AuthOk;
import io.kampachi.common.wire.Control;
import io.kampachi.common.wire.FrameSplitter;
import io.kampachi.common.wire.Helo;
import io.kampachi.common.wire.HeloOk;
import io.kampachi.common.wire.Message;
import io.kampachi.common.wire.Messages;
import io.kampachi.common.wire.Probe;
import io.kampachi.common.wire.ProbeReply;
import io.kampachi.common.wire.Register;
import io.kampachi.common.wire.RegisterOk;
import io.kampachi.common.wire.TcpFrames;
import io.kampachi.common.wire.UdpDatagrams;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.datagram.DatagramSocket;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A small in-memory mediation server for client tests, written from the wire protocol description. It handles
 * login with HELO / REGISTER / AUTH and CONTROL requests for networks, peer keys, endpoint reports and tunnel
 * status. It also replies to UDP probes and brokers tunnels between online members. It listens on 127.0.0.1 unless
 * given another host, and a restart keeps its accounts and networks so that tests can cut the clients off and let
 * them reconnect.
 */
public final class StubMediationServer {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Vertx vertx;
    private final KeyPair serverKeys;
    private final String host;
    private final Map<Integer, RSAPublicKey> accounts = new ConcurrentHashMap<>();
    private final Map<Integer, Session> sessions = new ConcurrentHashMap<>();
    private final Map<Long, Network> networks = new LinkedHashMap<>();
    private final Map<String, long[]> spis = new HashMap<>();
    private final Map<Integer, String> nicknames = new HashMap<>();
    /** Every {@code tunnel.status} report, as {@code REPORTER PEER PATH}. */
    public final List<String> statusReports = new CopyOnWriteArrayList<>();
    private final Map<String, Integer> probeTokens = new ConcurrentHashMap<>();
    private NetServer server;
    private DatagramSocket probe;
    private int port;
    private int probePort;
    private int nextAddress = 0x64400001;
    private long nextNetworkId = 123456789;

    public StubMediationServer(Vertx vertx, KeyPair serverKeys) {
        this(vertx, serverKeys, "127.0.0.1");
    }

    /** Creates a server that listens on {@code host}, an address of this machine or of a test namespace. */
    public StubMediationServer(Vertx vertx, KeyPair serverKeys, String host) {
        this.vertx = vertx;
        this.serverKeys = serverKeys;
        this.host = host;
    }

    /** Starts listening; after a {@link #stop} it listens again on the same ports. */
    public Future<Void> start() {
        server = vertx.createNetServer();
        server.connectHandler(socket -> new Session(socket));
        probe = vertx.createDatagramSocket();
        probe.handler(packet -> {
            var decoded = UdpDatagrams.decode(packet.data());
            if (!decoded.isOk() || !(decoded.value().message() instanceof Probe)) {
                return;
            }
            byte[] tokenBytes = ((Probe) decoded.value().message()).token();
            String token = Base64.getEncoder().encodeToString(tokenBytes);
            Integer address = probeTokens.get(token);
            Session session = address == null ? null : sessions.get(address);
            if (session == null) {
                return;
            }
            session.mappedPort = packet.sender().port();
            try {
                ProbeReply reply = new ProbeReply(tokenBytes, (java.net.Inet4Address) java.net.InetAddress.getByName(
                        packet.sender().hostAddress()), packet.sender().port());
                probe.send(Buffer.buffer(UdpDatagrams.encodeProbe(reply)), packet.sender().port(),
                        packet.sender().hostAddress());
            } catch (java.net.UnknownHostException e) {
                throw new IllegalStateException(e);
            }
        });
        return server.listen(port, host).compose(s -> {
            port = s.actualPort();
            return probe.listen(probePort, host);
        }).map(p -> {
            probePort = p.localAddress().port();
            return null;
        });
    }

    /** Stops listening and drops every connection, as a crashed server would. */
    public Future<Void> stop() {
        for (Session session : new ArrayList<>(sessions.values())) {
            session.socket.close();
        }
        sessions.clear();
        return server.close().compose(v -> probe.close());
    }

    public int port() {
        return port;
    }

    /** Returns the number of logged-in sessions. */
    public int sessionCount() {
        return sessions.size();
    }

    private static final class Network {
        long id;
        String name;
        String password;
        int owner;
        final Map<Integer, Boolean> members = new LinkedHashMap<>();
    }

    private JsonObject networkJson(Network network) {
        JsonArray members = new JsonArray();
        network.members.forEach((address, online) -> members.add(new JsonObject()
                .put("address", Ipv4Packets.format(address)).put("nickname", nicknames.getOrDefault(address, ""))
                .put("online", online && sessions.containsKey(address))));
        String digits = String.format("%09d", network.id);
        return new JsonObject().put("id", network.id).put("displayId", digits.substring(0, 3) + "-"
                + digits.substring(3, 6) + "-" + digits.substring(6)).put("name", network.name)
                .put("owner", Ipv4Packets.format(network.owner)).put("hasPassword", network.password != null)
                .put("members", members);
    }

    /** Sends {@code tunnel.open} to both ends of every pair of online members that have reported endpoints. */
    private void broker() {
        for (Network network : networks.values()) {
            List<Integer> online = new ArrayList<>();
            network.members.forEach((address, flag) -> {
                Session session = sessions.get(address);
                if (flag && session != null && session.reportedPort > 0) {
                    online.add(address);
                }
            });
            for (int i = 0; i < online.size(); i++) {
                for (int j = i + 1; j < online.size(); j++) {
                    openTunnel(online.get(i), online.get(j));
                }
            }
        }
    }

    private void openTunnel(int a, int b) {
        String key = Math.min(a, b) + "-" + Math.max(a, b);
        long[] pair = spis.computeIfAbsent(key, k -> new long[] {randomSpi(), randomSpi()});
        Session sa = sessions.get(a);
        Session sb = sessions.get(b);
        sa.event("tunnel.open", tunnelOpen(b, sb, pair[0], pair[1]));
        sb.event("tunnel.open", tunnelOpen(a, sa, pair[1], pair[0]));
    }

    private static long randomSpi() {
        return 1 + (RANDOM.nextInt() & 0x7fffffffL);
    }

    private JsonObject tunnelOpen(int peer, Session peerSession, long inbound, long outbound) {
        return new JsonObject().put("peer", Ipv4Packets.format(peer)).put("nickname", nicknames.get(peer))
                .put("inboundSpi", inbound).put("outboundSpi", outbound)
                .put("endpoints", new JsonArray().add(new JsonObject().put("kind", "udp-reported")
                        .put("host", peerSession.socket.remoteAddress().hostAddress())
                        .put("port", peerSession.reportedPort)));
    }

    /** One client connection. */
    private final class Session {
        final NetSocket socket;
        final FrameSplitter splitter;
        ControlCipher cipher;
        byte[] ni;
        byte[] gi;
        byte[] nr;
        DhKeyPair dh;
        byte[] gr;
        int address;
        boolean loggedIn;
        int reportedPort;
        int mappedPort;

        Session(NetSocket socket) {
            this.socket = socket;
            this.splitter = new FrameSplitter(this::onFrameSafely, error -> socket.close());
            socket.handler(splitter);
            socket.closeHandler(v -> {
                if (loggedIn && sessions.get(address) == this) {
                    sessions.remove(address);
                }
            });
        }

        void onFrameSafely(Buffer frame) {
            try {
                onFrame(frame);
            } catch (GeneralSecurityException | CryptoException | RuntimeException e) {
                socket.close();
            }
        }

        void onFrame(Buffer frame) throws GeneralSecurityException, CryptoException {
            if (cipher == null) {
                Helo helo = (Helo) TcpFrames.decodePlain(frame).value();
                ni = helo.nonce();
                gi = helo.dhPublicValue();
                nr = Nonces.generate(RANDOM);
                dh = DhGroup14.generateKeyPair(RANDOM);
                gr = dh.publicValue();
                cipher = new ControlCipher(SessionKeys.derive(dh.agree(gi), ni, nr), Role.RESPONDER);
                socket.write(Buffer.buffer(TcpFrames.encodePlain(new HeloOk(nr, gr))));
                return;
            }
            byte[] record = frame.getBytes();
            UnprotectResult opened = cipher.open(record);
            if (!opened.isOk()) {
                throw new GeneralSecurityException("record rejected: " + opened.reason());
            }
            Message message = Messages.decode(Arrays.copyOfRange(record, opened.payloadOffset(),
                    opened.payloadOffset() + opened.payloadLength())).value();
            byte[] suite = {1};
            if (message instanceof Register) {
                byte[] der = ((Register) message).publicKey();
                RSAPublicKey key = RsaKeys.decodePublicKey(der);
                if (!RsaKeys.verify(key, ((Register) message).signature(), suite, ni, nr, gi, gr, der)) {
                    throw new GeneralSecurityException("bad REGISTER signature");
                }
                int assigned = nextAddress++;
                accounts.put(assigned, key);
                send(new RegisterOk(assigned));
            } else if (message instanceof Auth) {
                Auth auth = (Auth) message;
                RSAPublicKey key = accounts.get(auth.identity());
                if (key == null || !RsaKeys.verify(key, auth.signature(), suite, ni, nr, gi, gr)) {
                    throw new GeneralSecurityException("bad AUTH");
                }
                address = auth.identity();
                send(new AuthOk(RsaKeys.sign(serverKeys.getPrivate(), nr, ni, gr, gi)));
                Session old = sessions.put(address, this);
                if (old != null) {
                    old.socket.close();
                }
                loggedIn = true;
                byte[] token = new byte[16];
                RANDOM.nextBytes(token);
                String tokenText = Base64.getEncoder().encodeToString(token);
                probeTokens.put(tokenText, address);
                JsonArray own = new JsonArray();
                networks.values().stream().filter(n -> n.members.containsKey(address))
                        .forEach(n -> own.add(networkJson(n)));
                event("sync", new JsonObject().put("address", Ipv4Packets.format(address))
                        .put("nickname", nicknames.getOrDefault(address, "")).put("probeToken", tokenText)
                        .put("probePort", probePort).put("networks", own));
            } else if (message instanceof Control) {
                onControl((Control) message);
            } else {
                throw new GeneralSecurityException("unexpected " + message.type());
            }
        }

        void send(Message message) throws GeneralSecurityException {
            try {
                socket.write(cipher.seal(message.encode()));
            } catch (MessageIdExhaustedException e) {
                throw new GeneralSecurityException(e);
            }
        }

        void event(String type, JsonObject body) {
            reply(new Control(type, 0, body));
        }

        void reply(Control control) {
            try {
                send(control);
            } catch (GeneralSecurityException e) {
                socket.close();
            }
        }

        void ok(long id, JsonObject body) {
            reply(Control.ok(id, body));
        }

        void error(long id, String code, String message) {
            reply(new Control("error", id, new JsonObject().put("code", code).put("message", message)));
        }

        void onControl(Control message) {
            String type = message.controlType();
            long id = message.id();
            JsonObject body = message.body();
            switch (type) {
                case "keepalive":
                    return;
                case "network.create": {
                    String name = body.getString("name");
                    if (networks.values().stream().anyMatch(n -> n.name.equals(name))) {
                        error(id, "name-taken", "a network named '" + name + "' exists");
                        return;
                    }
                    Network network = new Network();
                    network.id = nextNetworkId++;
                    network.name = name;
                    network.password = body.getString("password");
                    network.owner = address;
                    network.members.put(address, true);
                    networks.put(network.id, network);
                    ok(id, new JsonObject().put("network", networkJson(network)));
                    return;
                }
                case "network.join": {
                    Network network = networks.values().stream().filter(n -> n.name.equals(body.getString("name")))
                            .findFirst().orElse(null);
                    if (network == null) {
                        error(id, "not-found", "no network named '" + body.getString("name") + "'");
                    } else if (network.password != null && !network.password.equals(body.getString("password"))) {
                        error(id, "wrong-password", "wrong password for '" + network.name + "'");
                    } else if (network.members.containsKey(address)) {
                        error(id, "already-member", "already a member of '" + network.name + "'");
                    } else {
                        network.members.put(address, true);
                        JsonObject member = new JsonObject().put("address", Ipv4Packets.format(address))
                                .put("nickname", nicknames.getOrDefault(address, "")).put("online", true);
                        network.members.keySet().stream().filter(m -> m != address && sessions.containsKey(m))
                                .forEach(m -> sessions.get(m).event("member.joined", new JsonObject()
                                        .put("networkId", network.id).put("member", member)));
                        ok(id, new JsonObject().put("network", networkJson(network)));
                        broker();
                    }
                    return;
                }
                case "network.leave": {
                    Network network = networks.get(body.getLong("networkId"));
                    if (network == null || network.members.remove(address) == null) {
                        error(id, "not-member", "not a member");
                    } else {
                        ok(id, new JsonObject());
                    }
                    return;
                }
                case "network.delete": {
                    Network network = networks.get(body.getLong("networkId"));
                    if (network == null || network.owner != address) {
                        error(id, "not-owner", "not the owner");
                    } else {
                        networks.remove(network.id);
                        reply(Control.ok(id, new JsonObject()));
                    }
                    return;
                }
                case "network.presence": {
                    Network network = networks.get(body.getLong("networkId"));
                    if (network == null || !network.members.containsKey(address)) {
                        error(id, "not-member", "not a member");
                    } else {
                        boolean online = body.getBoolean("online");
                        network.members.put(address, online);
                        ok(id, new JsonObject());
                        JsonObject presence = new JsonObject().put("networkId", network.id)
                                .put("address", Ipv4Packets.format(address)).put("online", online);
                        network.members.keySet().stream().filter(m -> m != address && sessions.containsKey(m))
                                .forEach(m -> sessions.get(m).event("presence", presence));
                        if (online) {
                            broker();
                        }
                    }
                    return;
                }
                case "nickname.set":
                    nicknames.put(address, body.getString("nickname"));
                    ok(id, new JsonObject());
                    return;
                case "peer.key": {
                    int peer = Ipv4Packets.parse(body.getString("address"));
                    RSAPublicKey key = accounts.get(peer);
                    if (key == null) {
                        error(id, "not-found", "no such peer");
                    } else {
                        ok(id, new JsonObject().put("address", body.getString("address"))
                                .put("publicKey", Base64.getEncoder().encodeToString(key.getEncoded()))
                                .put("fingerprint", Fingerprints.sha256Text(
                                        (RSAPublicKey) key)));
                    }
                    return;
                }
                case "endpoint.report":
                    reportedPort = body.getInteger("udpPort");
                    ok(id, new JsonObject());
                    broker();
                    return;
                case "tunnel.status":
                    statusReports.add(Ipv4Packets.format(address) + " " + body.getString("peer") + " "
                            + body.getString("path"));
                    ok(id, new JsonObject());
                    return;
                default:
                    error(id, "unknown-type", "unknown type " + type);
            }
        }
    }
}
