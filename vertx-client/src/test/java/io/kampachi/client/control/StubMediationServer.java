package io.kampachi.client.control;

import io.kampachi.client.tun.Ipv4Packets;
import io.kampachi.client.tunnel.TunnelCrypto;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.datagram.DatagramSocket;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A small in-memory mediation server for client tests, written from the wire protocol description: login with
 * HELO / REGISTER / AUTH, CONTROL requests for networks, peer keys, endpoint reports and tunnel status, a UDP probe
 * port, and tunnel brokering between online members. It listens on 127.0.0.1 only, and a restart keeps its
 * accounts and networks so that tests can cut the clients off and let them reconnect.
 */
public final class StubMediationServer {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Vertx vertx;
    private final KeyPair serverKeys;
    private final Map<Integer, PublicKey> accounts = new ConcurrentHashMap<>();
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
        this.vertx = vertx;
        this.serverKeys = serverKeys;
    }

    /** Starts listening; after a {@link #stop} it listens again on the same ports. */
    public Future<Void> start() {
        server = vertx.createNetServer();
        server.connectHandler(socket -> new Session(socket));
        probe = vertx.createDatagramSocket();
        probe.handler(packet -> {
            Buffer data = packet.data();
            if (data.length() != 25 || data.getInt(0) != 0 || data.getInt(4) != 0 || data.getByte(8) != 0x30) {
                return;
            }
            String token = Base64.getEncoder().encodeToString(data.getBytes(9, 25));
            Integer address = probeTokens.get(token);
            Session session = address == null ? null : sessions.get(address);
            if (session == null) {
                return;
            }
            session.mappedPort = packet.sender().port();
            Buffer reply = Buffer.buffer().appendInt(0).appendInt(0).appendByte((byte) 0x31)
                    .appendBytes(data.getBytes(9, 25)).appendByte((byte) 4)
                    .appendInt(Ipv4Packets.parse(packet.sender().hostAddress())).appendUnsignedShort(packet.sender()
                            .port());
            probe.send(reply, packet.sender().port(), packet.sender().hostAddress());
        });
        return server.listen(port, "127.0.0.1").compose(s -> {
            port = s.actualPort();
            return probe.listen(probePort, "127.0.0.1");
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
                        .put("host", "127.0.0.1").put("port", peerSession.reportedPort)));
    }

    /** One client connection. */
    private final class Session {
        final NetSocket socket;
        Buffer input = Buffer.buffer();
        ControlCipher cipher;
        byte[] ni;
        byte[] gi;
        TunnelCrypto.Ephemeral mine;
        int address;
        boolean loggedIn;
        int reportedPort;
        int mappedPort;

        Session(NetSocket socket) {
            this.socket = socket;
            socket.handler(this::onData);
            socket.closeHandler(v -> {
                if (loggedIn && sessions.get(address) == this) {
                    sessions.remove(address);
                }
            });
        }

        void onData(Buffer data) {
            input.appendBuffer(data);
            while (input.length() >= 4 && input.length() >= 4 + input.getInt(0)) {
                int size = input.getInt(0);
                Buffer frame = input.getBuffer(0, 4 + size);
                input = input.getBuffer(4 + size, input.length());
                try {
                    onFrame(frame);
                } catch (GeneralSecurityException | RuntimeException e) {
                    socket.close();
                    return;
                }
            }
        }

        void onFrame(Buffer frame) throws GeneralSecurityException {
            if (cipher == null) {
                Buffer body = frame.getBuffer(5, frame.length());
                if (frame.getByte(4) != ControlSession.HELO || body.length() != 1 + 16 + 128 + 256) {
                    throw new GeneralSecurityException("expected HELO");
                }
                ni = body.getBytes(17, 145);
                gi = body.getBytes(145, 401);
                mine = TunnelCrypto.ephemeral();
                byte[] secret = TunnelCrypto.agree(mine, gi);
                cipher = new ControlCipher(TunnelCrypto.keymat(secret, ni, mine.nonce(), 104), false);
                Buffer ok = Buffer.buffer().appendBytes(mine.nonce()).appendBytes(mine.publicValue());
                socket.write(Buffer.buffer().appendInt(1 + ok.length()).appendByte((byte) ControlSession.HELO_OK)
                        .appendBuffer(ok));
                return;
            }
            Buffer plain = cipher.open(frame);
            int type = plain.getUnsignedByte(0);
            Buffer body = plain.getBuffer(1, plain.length());
            byte[] suite = {1};
            if (type == ControlSession.REGISTER) {
                int keyLength = body.getUnsignedShort(0);
                byte[] der = body.getBytes(2, 2 + keyLength);
                byte[] signature = body.getBytes(2 + keyLength, body.length());
                PublicKey key;
                try {
                    key = KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(der));
                } catch (GeneralSecurityException e) {
                    throw new GeneralSecurityException("bad key", e);
                }
                if (!TunnelCrypto.verify(key, signature, suite, ni, mine.nonce(), gi, mine.publicValue(), der)) {
                    throw new GeneralSecurityException("bad REGISTER signature");
                }
                int assigned = nextAddress++;
                accounts.put(assigned, key);
                send(ControlSession.REGISTER_OK, Buffer.buffer().appendInt(assigned));
            } else if (type == ControlSession.AUTH) {
                int identity = body.getInt(0);
                PublicKey key = accounts.get(identity);
                if (key == null || !TunnelCrypto.verify(key, body.getBytes(4, body.length()), suite, ni,
                        mine.nonce(), gi, mine.publicValue())) {
                    throw new GeneralSecurityException("bad AUTH");
                }
                address = identity;
                byte[] signature = TunnelCrypto.sign(serverKeys.getPrivate(), mine.nonce(), ni, mine.publicValue(),
                        gi);
                send(ControlSession.AUTH_OK, Buffer.buffer(signature));
                Session old = sessions.put(address, this);
                if (old != null) {
                    old.socket.close();
                }
                loggedIn = true;
                byte[] token = new byte[16];
                RANDOM.nextBytes(token);
                String tokenText = Base64.getEncoder().encodeToString(token);
                probeTokens.put(tokenText, address);
                JsonArray mine = new JsonArray();
                networks.values().stream().filter(n -> n.members.containsKey(address))
                        .forEach(n -> mine.add(networkJson(n)));
                event("sync", new JsonObject().put("address", Ipv4Packets.format(address))
                        .put("nickname", nicknames.getOrDefault(address, "")).put("probeToken", tokenText)
                        .put("probePort", probePort).put("networks", mine));
            } else if (type == ControlSession.CONTROL) {
                onControl(new JsonObject(body.toString(StandardCharsets.UTF_8)));
            } else {
                throw new GeneralSecurityException("unexpected type " + type);
            }
        }

        void send(int type, Buffer body) throws GeneralSecurityException {
            socket.write(cipher.seal(type, body));
        }

        void event(String type, JsonObject body) {
            reply(type, 0, body);
        }

        void reply(String type, long id, JsonObject body) {
            try {
                send(ControlSession.CONTROL, Buffer.buffer(new JsonObject().put("type", type).put("id", id)
                        .put("body", body).encode()));
            } catch (GeneralSecurityException e) {
                socket.close();
            }
        }

        void error(long id, String code, String message) {
            reply("error", id, new JsonObject().put("code", code).put("message", message));
        }

        void onControl(JsonObject message) {
            String type = message.getString("type");
            long id = message.getLong("id");
            JsonObject body = message.getJsonObject("body");
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
                    reply("ok", id, new JsonObject().put("network", networkJson(network)));
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
                        reply("ok", id, new JsonObject().put("network", networkJson(network)));
                        broker();
                    }
                    return;
                }
                case "network.leave": {
                    Network network = networks.get(body.getLong("networkId"));
                    if (network == null || network.members.remove(address) == null) {
                        error(id, "not-member", "not a member");
                    } else {
                        reply("ok", id, new JsonObject());
                    }
                    return;
                }
                case "network.presence": {
                    Network network = networks.get(body.getLong("networkId"));
                    if (network == null || !network.members.containsKey(address)) {
                        error(id, "not-member", "not a member");
                    } else {
                        network.members.put(address, body.getBoolean("online"));
                        reply("ok", id, new JsonObject());
                    }
                    return;
                }
                case "nickname.set":
                    nicknames.put(address, body.getString("nickname"));
                    reply("ok", id, new JsonObject());
                    return;
                case "peer.key": {
                    int peer = Ipv4Packets.parse(body.getString("address"));
                    PublicKey key = accounts.get(peer);
                    if (key == null) {
                        error(id, "not-found", "no such peer");
                    } else {
                        reply("ok", id, new JsonObject().put("address", body.getString("address"))
                                .put("publicKey", Base64.getEncoder().encodeToString(key.getEncoded()))
                                .put("fingerprint", io.kampachi.client.state.KeyFingerprints.sha256Text(
                                        (RSAPublicKey) key)));
                    }
                    return;
                }
                case "endpoint.report":
                    reportedPort = body.getInteger("udpPort");
                    reply("ok", id, new JsonObject());
                    broker();
                    return;
                case "tunnel.status":
                    statusReports.add(Ipv4Packets.format(address) + " " + body.getString("peer") + " "
                            + body.getString("path"));
                    reply("ok", id, new JsonObject());
                    return;
                default:
                    error(id, "unknown-type", "unknown type " + type);
            }
        }
    }
}
