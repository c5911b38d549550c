package io.kampachi.client.control;

import io.kampachi.client.local.CommandException;
import io.kampachi.client.state.StateDirectory;
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
import io.kampachi.common.protect.NextHeader;
import io.kampachi.common.protect.UnprotectResult;
import io.kampachi.common.wire.Auth;
import io.kampachi.common.wire.AuthOk;
import io.kampachi.common.wire.Control;
import io.kampachi.common.wire.ControlTypes;
import io.kampachi.common.wire.DecodeError;
import io.kampachi.common.wire.Decoded;
import io.kampachi.common.wire.FrameSplitter;
import io.kampachi.common.wire.Helo;
import io.kampachi.common.wire.HeloError;
import io.kampachi.common.wire.HeloOk;
import io.kampachi.common.wire.Message;
import io.kampachi.common.wire.Messages;
import io.kampachi.common.wire.Register;
import io.kampachi.common.wire.RegisterOk;
import io.kampachi.common.wire.TcpFrames;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetSocket;
import java.io.IOException;
import java.security.SecureRandom;
import java.security.KeyPair;
import java.security.interfaces.RSAPublicKey;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalInt;
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

    /** Login state of the session. */
    public enum State {
        LOGGED_OUT, CONNECTING, ONLINE, RECONNECTING
    }

    static final int SUITE_1 = 1;

    private static final Logger LOG = LoggerFactory.getLogger(ControlSession.class);
    private static final long CONNECT_TIMEOUT_MILLIS = 10_000;
    private static final long LOGIN_TIMEOUT_MILLIS = 20_000;
    private static final long REQUEST_TIMEOUT_MILLIS = 15_000;
    private static final SecureRandom RANDOM = new SecureRandom();

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
    /** Set when the server rejected AUTH for the stored identity: the next login registers again. */
    private boolean registerNext;

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

    /** Returns the login state. */
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
        current.sendControl(new Control(type, id, body));
        return reply.future().andThen(ar -> vertx.cancelTimer(timer));
    }

    /** Sends an event-style message with id 0 and no reply, such as {@code keepalive}. */
    public void notify(String type, JsonObject body) {
        if (connection != null && connection.online) {
            connection.sendControl(Control.event(type, body));
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
        if (sessionState == State.CONNECTING && registerNext && lost.authSent && !lost.registered) {
            LOG.info("Stored identity rejected; registering again: endpoint={}:{}", host, port);
            connect();
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
        final FrameSplitter splitter = new FrameSplitter(this::onFrame, this::onSplitError);
        byte[] ni;
        DhKeyPair dh;
        byte[] gi;
        byte[] nr;
        byte[] gr;
        ControlCipher cipher;
        boolean registering;
        boolean registered;
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
            socket.handler(data -> {
                lastReceivedNanos = System.nanoTime();
                splitter.handle(data);
            });
            socket.closeHandler(v -> {
                closed = true;
                vertx.cancelTimer(loginTimer);
                connectionLost(this, online ? "closed by the server" : "closed during login");
            });
            socket.exceptionHandler(e -> LOG.debug("Server connection error: {}", e.getMessage()));
            ni = Nonces.generate(RANDOM);
            dh = DhGroup14.generateKeyPair(RANDOM);
            gi = dh.publicValue();
            socket.write(Buffer.buffer(TcpFrames.encodePlain(new Helo(SUITE_1, Fingerprints.md5(serverKey), ni,
                    gi))));
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

        void sendProtected(Message message) {
            if (closed) {
                return;
            }
            try {
                socket.write(cipher.seal(message.encode()));
            } catch (MessageIdExhaustedException e) {
                close("message IDs exhausted");
            }
        }

        void sendControl(Control message) {
            sendProtected(message);
        }

        private void onSplitError(DecodeError error) {
            close("bad frame: " + error);
        }

        private void onFrame(Buffer frame) {
            if (closed) {
                return;
            }
            if (cipher == null) {
                Decoded<Message> decoded = TcpFrames.decodePlain(frame);
                if (!decoded.isOk()) {
                    close("bad plain frame: " + decoded.error());
                    return;
                }
                onPlainMessage(decoded.value());
                return;
            }
            byte[] record = frame.getBytes();
            UnprotectResult opened = cipher.open(record);
            if (!opened.isOk()) {
                close("record rejected: " + opened.reason());
                return;
            }
            if (opened.nextHeader() == NextHeader.DUMMY) {
                return;
            }
            byte[] plain = Arrays.copyOfRange(record, opened.payloadOffset(),
                    opened.payloadOffset() + opened.payloadLength());
            Decoded<Message> decoded = Messages.decode(plain);
            if (!decoded.isOk()) {
                close("bad protected message: " + decoded.error());
                return;
            }
            onProtectedMessage(decoded.value());
        }

        private void onPlainMessage(Message message) {
            if (message instanceof HeloError) {
                HeloError error = (HeloError) message;
                errorCode = switch (error.code()) {
                    case UNKNOWN_SERVER_KEY -> "unknown-server-key";
                    case UNSUPPORTED_SUITE -> "unsupported-suite";
                    case MALFORMED_MESSAGE -> "malformed";
                    case SERVER_UNAVAILABLE -> "server-unavailable";
                };
                close("HELO ERROR " + error.code().code() + " (" + errorCode + "): " + error.reason());
                return;
            }
            if (!(message instanceof HeloOk)) {
                close("expected HELO OK, got " + message.type().displayName());
                return;
            }
            HeloOk ok = (HeloOk) message;
            nr = ok.nonce();
            gr = ok.dhPublicValue();
            try {
                byte[] secret = dh.agree(gr);
                SessionKeys keys = SessionKeys.derive(secret, ni, nr);
                Arrays.fill(secret, (byte) 0);
                cipher = new ControlCipher(keys, Role.INITIATOR);
                keys.destroy();
                OptionalInt identity = state.identity(serverFingerprint);
                if (identity.isPresent() && !registerNext) {
                    sendAuth(identity.getAsInt());
                } else {
                    sendRegister();
                }
            } catch (CryptoException | IOException e) {
                close("login step failed: " + e.getMessage());
            }
        }

        private byte[] suite() {
            return new byte[] {(byte) SUITE_1};
        }

        private void sendRegister() throws CryptoException {
            byte[] publicKey = RsaKeys.encodePublicKey((RSAPublicKey) identityKeys.getPublic());
            byte[] signature = RsaKeys.sign(identityKeys.getPrivate(), suite(), ni, nr, gi, gr, publicKey);
            registering = true;
            LOG.info("Registering with server: endpoint={}:{} key={}", host, port,
                    Fingerprints.sha256Text((RSAPublicKey) identityKeys.getPublic()));
            sendProtected(new Register(publicKey, signature));
        }

        private void sendAuth(int identity) throws CryptoException {
            address = identity;
            byte[] signature = RsaKeys.sign(identityKeys.getPrivate(), suite(), ni, nr, gi, gr);
            authSent = true;
            sendProtected(new Auth(identity, signature));
        }

        private void onProtectedMessage(Message message) {
            try {
                if (message instanceof RegisterOk && registering) {
                    registering = false;
                    registered = true;
                    registerNext = false;
                    int identity = ((RegisterOk) message).identity();
                    state.saveIdentity(identity, serverFingerprint);
                    LOG.info("Registered: address={}", Ipv4Packets.format(identity));
                    sendAuth(identity);
                } else if (message instanceof AuthOk && authSent && !authenticated) {
                    byte[] signature = ((AuthOk) message).signature();
                    if (!RsaKeys.verify(serverKey, signature, nr, ni, gr, gi)) {
                        errorCode = "bad-server-signature";
                        close("AUTH OK signature does not verify with the pinned server key");
                        return;
                    }
                    authenticated = true;
                } else if (message instanceof Control && authenticated) {
                    onControl((Control) message);
                } else if (message instanceof Control && ControlTypes.ERROR.equals(((Control) message).controlType())) {
                    loginRejected(((Control) message).body());
                } else {
                    close("unexpected " + message.type().displayName() + " during "
                            + (authenticated ? "the session" : "login"));
                }
            } catch (CryptoException | IOException e) {
                close("login step failed: " + e.getMessage());
            }
        }

        /** Handles the error the server sends just before it closes a login it rejects. */
        private void loginRejected(JsonObject body) {
            errorCode = body.getString("code", "forbidden");
            if (authSent && "forbidden".equals(errorCode) && !registerNext) {
                // The server has no account for this identity, for example after its data was reset. REGISTER with
                // the same key returns the account that key has, or a new one, so the next attempt registers.
                registerNext = true;
            }
            close("server rejected the login: " + body.getString("message", errorCode) + " [" + errorCode + "]");
        }

        private void onControl(Control message) {
            String type = message.controlType();
            long requestId = message.id();
            JsonObject payload = message.body();

            if (requestId != 0 && (ControlTypes.OK.equals(type) || ControlTypes.ERROR.equals(type))) {
                Promise<JsonObject> reply = pending.remove(requestId);
                if (reply == null) {
                    LOG.debug("Reply to an unknown request dropped: id={}", requestId);
                } else if (ControlTypes.OK.equals(type)) {
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
                listener.onEvent(type, payload);
                return;
            }

            try {
                address = Ipv4Packets.parse(payload.getString("address", ""));
            } catch (IllegalArgumentException | ClassCastException e) {
                close("sync without a valid address");
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
