package io.kampachi.client.control;

import io.kampachi.client.local.CommandException;
import io.kampachi.client.state.KeyFingerprints;
import io.kampachi.client.state.StateDirectory;
import io.kampachi.client.tun.Ipv4Packets;
import io.kampachi.client.tunnel.TunnelCrypto;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetSocket;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.interfaces.RSAPublicKey;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalInt;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The client's control session with its mediation server: one TCP connection, the HELO / REGISTER / AUTH login,
 * then protected CONTROL messages carrying JSON requests, replies and events.
 *
 * <pre>
 *   client                                   server
 *   HELO suite serverKfp(MD5) Ni Gi   --&gt;
 *                                     &lt;--    HELO OK Nr Gr          (or HELO ERROR code reason)
 *   ---- both derive KEYMAT; every later frame is a protected record ----
 *   REGISTER publicKey sig            --&gt;                           (first contact with this server only)
 *                                     &lt;--    REGISTER OK identity
 *   AUTH identity sig                 --&gt;
 *                                     &lt;--    AUTH OK sig_server(Nr|Ni|Gr|Gi), checked with the pinned key
 *                                     &lt;--    CONTROL sync {...}
 * </pre>
 * After a successful login a lost connection is re-established with jittered exponential backoff until
 * {@link #logout}; tunnels are not this class's concern and stay up meanwhile.
 *
 * <p>Every method runs on the Vert.x context that created the session.
 */
public final class ControlSession {

    /** Control-channel events, replies excluded. */
    public interface Listener {
        /** A server event ({@code sync}, {@code tunnel.open}, ...). */
        void onEvent(String type, JsonObject body);

        /** The connection dropped; a reconnect is scheduled unless the session was logged out. */
        void onDisconnected();
    }

    /** Where the session stands. */
    public enum State {
        LOGGED_OUT, CONNECTING, ONLINE, RECONNECTING
    }

    static final int HELO = 0x01;
    static final int HELO_OK = 0x02;
    static final int HELO_ERROR = 0x03;
    static final int REGISTER = 0x04;
    static final int REGISTER_OK = 0x05;
    static final int AUTH = 0x06;
    static final int AUTH_OK = 0x07;
    static final int CONTROL = 0x20;
    static final int SUITE_1 = 1;
    /** Largest {@code size} a frame may declare. */
    static final int MAX_FRAME = 65536;

    private static final Logger LOG = LoggerFactory.getLogger(ControlSession.class);
    private static final Pattern TYPE = Pattern.compile("[a-z][a-z0-9.-]{0,63}");
    private static final long CONNECT_TIMEOUT_MILLIS = 10_000;
    private static final long LOGIN_TIMEOUT_MILLIS = 20_000;
    private static final long REQUEST_TIMEOUT_MILLIS = 15_000;

    private final Vertx vertx;
    private final String host;
    private final int port;
    private final long keepaliveMillis;
    private final KeyPair identityKeys;
    private final RSAPublicKey serverKey;
    private final String serverFingerprint;
    private final StateDirectory state;
    private final Listener listener;
    private final NetClient client;
    private final Backoff backoff = new Backoff(500, 30_000);

    private State sessionState = State.LOGGED_OUT;
    private Connection connection;
    private Promise<JsonObject> loginPromise;
    private long reconnectTimer = -1;
    private long keepaliveTimer = -1;
    private long nextRequestId = 1;
    private int address;

    public ControlSession(Vertx vertx, String host, int port, int keepaliveSeconds, KeyPair identityKeys,
            RSAPublicKey serverKey, String serverFingerprint, StateDirectory state, Listener listener) {
        this.vertx = vertx;
        this.host = host;
        this.port = port;
        this.keepaliveMillis = keepaliveSeconds * 1000L;
        this.identityKeys = identityKeys;
        this.serverKey = serverKey;
        this.serverFingerprint = serverFingerprint;
        this.state = state;
        this.listener = listener;
        this.client = vertx.createNetClient(new NetClientOptions().setConnectTimeout((int) CONNECT_TIMEOUT_MILLIS)
                .setTcpNoDelay(true));
    }

    /** Returns where the session stands. */
    public State state() {
        return sessionState;
    }

    /** Returns the Kampachi address from the last login, or 0. */
    public int address() {
        return address;
    }

    /**
     * Logs in and returns the first {@code sync} body; later connection losses reconnect by themselves. A login
     * that fails before its first {@code sync} is not retried.
     */
    public Future<JsonObject> login() {
        if (sessionState == State.ONLINE || sessionState == State.RECONNECTING) {
            return Future.failedFuture(new CommandException("already-logged-in", "already logged in"));
        }
        if (loginPromise != null) {
            return loginPromise.future();
        }
        loginPromise = Promise.promise();
        sessionState = State.CONNECTING;
        Future<JsonObject> result = loginPromise.future();
        connect();
        return result;
    }

    /** Closes the connection and stops reconnecting. */
    public void logout() {
        sessionState = State.LOGGED_OUT;
        cancelTimers();
        if (connection != null) {
            connection.close("logout");
        }
        if (loginPromise != null) {
            loginPromise.tryFail(new CommandException("logged-out", "logged out"));
            loginPromise = null;
        }
    }

    /**
     * Sends a request and returns its reply body; an {@code error} reply fails the future with a
     * {@link CommandException} that carries the server's code.
     */
    public Future<JsonObject> request(String type, JsonObject body) {
        if (sessionState != State.ONLINE || connection == null || !connection.online) {
            return Future.failedFuture(new CommandException("not-logged-in",
                    sessionState == State.RECONNECTING ? "the connection to the server is down; reconnecting"
                            : "not logged in; run 'login' first"));
        }
        long id = nextRequestId++;
        Promise<JsonObject> reply = Promise.promise();
        Connection current = connection;
        current.pending.put(id, reply);
        long timer = vertx.setTimer(REQUEST_TIMEOUT_MILLIS, t -> {
            Promise<JsonObject> timedOut = current.pending.remove(id);
            if (timedOut != null) {
                timedOut.tryFail(new CommandException("timeout", "no reply to '" + type + "' within "
                        + REQUEST_TIMEOUT_MILLIS / 1000 + " s"));
            }
        });
        current.sendControl(new JsonObject().put("type", type).put("id", id).put("body", body));
        return reply.future().andThen(ar -> vertx.cancelTimer(timer));
    }

    /** Sends an event-style message with id 0 and no reply, such as {@code keepalive}. */
    public void notify(String type, JsonObject body) {
        if (connection != null && connection.online) {
            connection.sendControl(new JsonObject().put("type", type).put("id", 0).put("body", body));
        }
    }

    /** Releases the TCP client; call after {@link #logout}. */
    public void close() {
        logout();
        client.close();
    }

    // ---- connection lifecycle ----------------------------------------------------------------------------------

    private void connect() {
        Connection attempt = new Connection();
        connection = attempt;
        long loginTimer = vertx.setTimer(LOGIN_TIMEOUT_MILLIS, t -> {
            if (!attempt.online) {
                attempt.close("login took longer than " + LOGIN_TIMEOUT_MILLIS / 1000 + " s");
            }
        });
        LOG.info("Connecting to server: endpoint={}:{} attempt={}", host, port, backoff.attempts() + 1);
        client.connect(port, host).onComplete(ar -> {
            if (connection != attempt || sessionState == State.LOGGED_OUT) {
                if (ar.succeeded()) {
                    ar.result().close();
                }
                vertx.cancelTimer(loginTimer);
                return;
            }
            if (ar.failed()) {
                vertx.cancelTimer(loginTimer);
                connectionLost(attempt, "connect failed: " + ar.cause().getMessage());
                return;
            }
            attempt.start(ar.result(), loginTimer);
        });
    }

    private void connectionLost(Connection lost, String reason) {
        if (connection != lost) {
            return;
        }
        connection = null;
        stopKeepalive();
        lost.failPending(reason);
        if (sessionState == State.LOGGED_OUT) {
            return;
        }
        if (sessionState == State.CONNECTING) {
            LOG.info("Login failed: endpoint={}:{} reason={}", host, port, reason);
            sessionState = State.LOGGED_OUT;
            Promise<JsonObject> failed = loginPromise;
            loginPromise = null;
            failed.tryFail(new CommandException(lost.errorCode, "login failed: " + reason));
            return;
        }
        if (sessionState == State.ONLINE) {
            LOG.info("Server connection lost; tunnels stay up: endpoint={}:{} reason={}", host, port, reason);
            sessionState = State.RECONNECTING;
            listener.onDisconnected();
        } else {
            LOG.info("Reconnect failed: endpoint={}:{} reason={}", host, port, reason);
        }
        long delay = backoff.nextDelayMillis();
        LOG.info("Reconnecting: endpoint={}:{} delayMs={}", host, port, delay);
        reconnectTimer = vertx.setTimer(delay, t -> {
            reconnectTimer = -1;
            if (sessionState == State.RECONNECTING) {
                connect();
            }
        });
    }

    private void markOnline() {
        sessionState = State.ONLINE;
        backoff.reset();
        startKeepalive();
        LOG.info("Logged in: endpoint={}:{} address={}", host, port, Ipv4Packets.format(address));
    }

    private void completeLogin(JsonObject sync) {
        if (loginPromise != null) {
            Promise<JsonObject> done = loginPromise;
            loginPromise = null;
            done.tryComplete(sync);
        }
    }

    private void startKeepalive() {
        stopKeepalive();
        keepaliveTimer = vertx.setPeriodic(keepaliveMillis, t -> {
            Connection current = connection;
            if (current == null || !current.online) {
                return;
            }
            long silentMillis = (System.nanoTime() - current.lastReceivedNanos) / 1_000_000L;
            if (silentMillis > 3 * keepaliveMillis) {
                current.close("server silent for " + silentMillis + " ms");
                return;
            }
            notify("keepalive", new JsonObject());
        });
    }

    private void stopKeepalive() {
        if (keepaliveTimer >= 0) {
            vertx.cancelTimer(keepaliveTimer);
            keepaliveTimer = -1;
        }
    }

    private void cancelTimers() {
        stopKeepalive();
        if (reconnectTimer >= 0) {
            vertx.cancelTimer(reconnectTimer);
            reconnectTimer = -1;
        }
    }

    // ---- one TCP connection ------------------------------------------------------------------------------------

    /** One TCP connection and its login state machine. */
    private final class Connection {

        final Map<Long, Promise<JsonObject>> pending = new HashMap<>();
        NetSocket socket;
        Buffer input = Buffer.buffer();
        TunnelCrypto.Ephemeral mine;
        byte[] nr;
        byte[] gr;
        ControlCipher cipher;
        boolean registering;
        boolean authSent;
        boolean authenticated;
        boolean online;
        boolean closed;
        long loginTimer;
        long lastReceivedNanos = System.nanoTime();
        String errorCode = "server-unavailable";

        void start(NetSocket newSocket, long timer) {
            socket = newSocket;
            loginTimer = timer;
            socket.handler(this::onData);
            socket.closeHandler(v -> {
                closed = true;
                vertx.cancelTimer(loginTimer);
                connectionLost(this, online ? "closed by the server" : "closed during login");
            });
            socket.exceptionHandler(e -> LOG.debug("Server connection error: {}", e.getMessage()));
            mine = TunnelCrypto.ephemeral();
            Buffer body = Buffer.buffer().appendByte((byte) SUITE_1).appendBytes(KeyFingerprints.md5(serverKey))
                    .appendBytes(mine.nonce()).appendBytes(mine.publicValue());
            sendPlain(HELO, body);
        }

        void close(String reason) {
            if (closed) {
                return;
            }
            closed = true;
            vertx.cancelTimer(loginTimer);
            if (socket != null) {
                socket.close();
            }
            connectionLost(this, reason);
        }

        void failPending(String reason) {
            for (Promise<JsonObject> promise : pending.values()) {
                promise.tryFail(new CommandException("not-logged-in", "server connection lost: " + reason));
            }
            pending.clear();
        }

        void sendPlain(int type, Buffer body) {
            socket.write(Buffer.buffer(5 + body.length()).appendInt(1 + body.length()).appendByte((byte) type)
                    .appendBuffer(body));
        }

        void sendProtected(int type, Buffer body) {
            try {
                socket.write(cipher.seal(type, body));
            } catch (GeneralSecurityException e) {
                close("cannot protect a record: " + e.getMessage());
            }
        }

        void sendControl(JsonObject message) {
            sendProtected(CONTROL, Buffer.buffer(message.encode().getBytes(StandardCharsets.UTF_8)));
        }

        private void onData(Buffer data) {
            if (closed) {
                return;
            }
            lastReceivedNanos = System.nanoTime();
            input.appendBuffer(data);
            while (!closed && input.length() >= 4) {
                long size = input.getUnsignedInt(0);
                if (size > MAX_FRAME || size < 1) {
                    close("frame size " + size + " (expected: 1.." + MAX_FRAME + ")");
                    return;
                }
                if (input.length() < 4 + size) {
                    return;
                }
                Buffer frame = input.getBuffer(0, (int) (4 + size));
                input = input.getBuffer((int) (4 + size), input.length());
                onFrame(frame);
            }
        }

        private void onFrame(Buffer frame) {
            if (cipher == null) {
                onPlainFrame(frame.getUnsignedByte(4), frame.getBuffer(5, frame.length()));
                return;
            }
            Buffer plain;
            try {
                plain = cipher.open(frame);
            } catch (GeneralSecurityException e) {
                close("record rejected: " + e.getMessage());
                return;
            }
            onProtectedFrame(plain.getUnsignedByte(0), plain.getBuffer(1, plain.length()));
        }

        private void onPlainFrame(int type, Buffer body) {
            if (type == HELO_ERROR && body.length() >= 3) {
                int code = body.getUnsignedByte(0);
                int length = Math.min(body.getUnsignedShort(1), body.length() - 3);
                String reason = body.getString(3, 3 + length, "UTF-8");
                errorCode = code == 1 ? "unknown-server-key" : code == 2 ? "unsupported-suite"
                        : code == 3 ? "malformed" : "server-unavailable";
                close("HELO ERROR " + code + ": " + reason);
                return;
            }
            if (type != HELO_OK || body.length() != TunnelCrypto.NONCE_LENGTH + TunnelCrypto.DH_LENGTH) {
                close("expected HELO OK, got type " + type + " with " + body.length() + " bytes");
                return;
            }
            nr = body.getBytes(0, TunnelCrypto.NONCE_LENGTH);
            gr = body.getBytes(TunnelCrypto.NONCE_LENGTH, body.length());
            try {
                byte[] secret = TunnelCrypto.agree(mine, gr);
                byte[] keymat = TunnelCrypto.keymat(secret, mine.nonce(), nr, TunnelCrypto.KEYMAT_LENGTH);
                cipher = new ControlCipher(keymat);
                Arrays.fill(secret, (byte) 0);
                Arrays.fill(keymat, (byte) 0);
                OptionalInt identity = state.identity(serverFingerprint);
                if (identity.isPresent()) {
                    sendAuth(identity.getAsInt());
                } else {
                    sendRegister();
                }
            } catch (GeneralSecurityException | IOException e) {
                close("login step failed: " + e.getMessage());
            }
        }

        private byte[] suite() {
            return new byte[] {(byte) SUITE_1};
        }

        private void sendRegister() throws GeneralSecurityException {
            byte[] publicKey = identityKeys.getPublic().getEncoded();
            byte[] signature = TunnelCrypto.sign(identityKeys.getPrivate(), suite(), mine.nonce(), nr,
                    mine.publicValue(), gr, publicKey);
            registering = true;
            LOG.info("Registering with server: endpoint={}:{} key={}", host, port,
                    KeyFingerprints.sha256Text((RSAPublicKey) identityKeys.getPublic()));
            sendProtected(REGISTER, Buffer.buffer().appendUnsignedShort(publicKey.length).appendBytes(publicKey)
                    .appendBytes(signature));
        }

        private void sendAuth(int identity) throws GeneralSecurityException {
            address = identity;
            byte[] signature = TunnelCrypto.sign(identityKeys.getPrivate(), suite(), mine.nonce(), nr,
                    mine.publicValue(), gr);
            authSent = true;
            sendProtected(AUTH, Buffer.buffer().appendInt(identity).appendBytes(signature));
        }

        private void onProtectedFrame(int type, Buffer body) {
            try {
                if (type == REGISTER_OK && registering && body.length() == 4) {
                    registering = false;
                    int identity = body.getInt(0);
                    state.saveIdentity(identity, serverFingerprint);
                    LOG.info("Registered: address={}", Ipv4Packets.format(identity));
                    sendAuth(identity);
                } else if (type == AUTH_OK && authSent && !authenticated && body.length() == 256) {
                    if (!TunnelCrypto.verify(serverKey, body.getBytes(), nr, mine.nonce(), gr, mine.publicValue())) {
                        errorCode = "bad-server-signature";
                        close("AUTH OK signature does not verify with the pinned server key");
                        return;
                    }
                    authenticated = true;
                } else if (type == CONTROL && authenticated) {
                    onControl(body);
                } else {
                    close("unexpected frame type " + type + " with " + body.length() + " bytes");
                }
            } catch (GeneralSecurityException | IOException e) {
                close("login step failed: " + e.getMessage());
            }
        }

        private void onControl(Buffer body) {
            JsonObject message;
            try {
                message = new JsonObject(body.toString(StandardCharsets.UTF_8));
            } catch (DecodeException e) {
                close("CONTROL body is not a JSON object");
                return;
            }
            Object type = message.getValue("type");
            Object id = message.getValue("id");
            Object messageBody = message.getValue("body");
            if (!(type instanceof String) || !TYPE.matcher((String) type).matches() || !(id instanceof Number)
                    || !(messageBody instanceof JsonObject)) {
                close("malformed CONTROL envelope");
                return;
            }
            long requestId = ((Number) id).longValue();
            JsonObject payload = (JsonObject) messageBody;
            if (requestId != 0 && ("ok".equals(type) || "error".equals(type))) {
                Promise<JsonObject> reply = pending.remove(requestId);
                if (reply == null) {
                    LOG.debug("Reply to an unknown request dropped: id={}", requestId);
                } else if ("ok".equals(type)) {
                    reply.tryComplete(payload);
                } else {
                    reply.tryFail(new CommandException(payload.getString("code", "internal"),
                            payload.getString("message", "request rejected")));
                }
                return;
            }
            if ("keepalive".equals(type)) {
                return;
            }
            if (!"sync".equals(type)) {
                listener.onEvent((String) type, payload);
                return;
            }
            try {
                address = Ipv4Packets.parse(payload.getString("address", ""));
            } catch (IllegalArgumentException e) {
                close("sync without a valid address: " + payload.getString("address"));
                return;
            }
            vertx.cancelTimer(loginTimer);
            boolean first = !online;
            online = true;
            if (first) {
                markOnline();
            }
            listener.onEvent("sync", payload);
            if (first) {
                completeLogin(payload);
            }
        }
    }
}
