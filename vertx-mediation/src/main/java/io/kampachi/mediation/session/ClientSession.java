package io.kampachi.mediation.session;

import io.kampachi.common.crypto.CryptoException;
import io.kampachi.common.crypto.Fingerprints;
import io.kampachi.common.crypto.RsaKeys;
import io.kampachi.common.wire.Auth;
import io.kampachi.common.wire.AuthOk;
import io.kampachi.common.wire.Control;
import io.kampachi.common.wire.ControlTypes;
import io.kampachi.common.wire.DecodeError;
import io.kampachi.common.wire.Decoded;
import io.kampachi.common.wire.ErrorCode;
import io.kampachi.common.wire.Helo;
import io.kampachi.common.wire.HeloError;
import io.kampachi.common.wire.HeloErrorCode;
import io.kampachi.common.wire.HeloOk;
import io.kampachi.common.wire.Message;
import io.kampachi.common.wire.MessageType;
import io.kampachi.common.wire.Messages;
import io.kampachi.common.wire.Register;
import io.kampachi.common.wire.RegisterOk;
import io.kampachi.common.wire.TcpFrames;
import io.kampachi.common.wire.WireFormat;
import io.kampachi.mediation.MediationServices;
import io.kampachi.mediation.account.Account;
import io.kampachi.mediation.bus.EventBusAddresses;
import io.kampachi.mediation.bus.SessionCommands;
import io.kampachi.mediation.config.AddressPool;
import io.kampachi.mediation.control.ControlException;
import io.kampachi.mediation.keys.ServerKey;
import io.kampachi.mediation.presence.SessionRecord;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetSocket;
import io.vertx.core.parsetools.RecordParser;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.security.interfaces.RSAPublicKey;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Consumer;

/**
 * One client's control connection, from accept to close. Owns the connection's state machine:
 *
 * <pre>
 *  AWAIT_HELO --HELO--> AWAIT_LOGIN --(REGISTER / REGISTER OK)*--AUTH--> ONLINE --> CLOSED
 * </pre>
 *
 * Before HELO OK, frames are plain and every error is a HELO ERROR. Afterwards, frames are protected
 * records and errors are CONTROL {@code error} messages. A login error, a malformed or oversized
 * frame, a record that fails authentication, or a timeout closes the connection. A bad request
 * from a logged-in client is only rejected, and the session goes on.
 *
 * <p>Threading: every field is touched only on the event loop of the {@link ControlServer} that
 * accepted the connection. Expensive steps (Diffie-Hellman, RSA) run on worker threads while the
 * socket is paused, and their results come back on that event loop.
 */
final class ClientSession {

    /** Largest {@code size} field accepted, before the body is read. */
    static final int MAX_FRAME_SIZE = WireFormat.MAX_FRAME_SIZE;

    private static final Logger LOG = LoggerFactory.getLogger(ClientSession.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int TOKEN_LENGTH = WireFormat.PROBE_TOKEN_LENGTH;

    private enum State { AWAIT_HELO, AWAIT_LOGIN, ONLINE, CLOSED }

    private final Vertx vertx;
    private final MediationServices services;
    private final NetSocket socket;
    private final int probePort;
    private final Consumer<ClientSession> onClosed;
    private final RecordParser parser;
    private final String sessionId;
    private final String remoteHost;
    private final int remotePort;

    private State state = State.AWAIT_HELO;
    private boolean readingSize = true;
    private Buffer sizeField;
    private LoginCrypto.Agreement agreement;
    private ServerKey serverKey;
    private byte[] ni;
    private byte[] gi;
    private String address;
    private byte[] probeToken;
    private boolean registered;
    private MessageConsumer<JsonObject> consumer;
    private ControlHandler handler;
    private Future<?> requestChain = Future.succeededFuture();
    private Future<Void> cleanup = Future.succeededFuture();
    private int pendingRequests;
    private long loginTimer = -1;
    private long keepaliveTimer = -1;
    private long lastReceived;
    private long lastSent;
    /** Whether reading is paused because the client does not read what the server writes. */
    private boolean outputBlocked;

    ClientSession(Vertx vertx, MediationServices services, NetSocket socket, int probePort,
            Consumer<ClientSession> onClosed) {
        this.vertx = vertx;
        this.services = services;
        this.socket = socket;
        this.probePort = probePort;
        this.onClosed = onClosed;
        this.parser = RecordParser.newFixed(4, socket);
        byte[] id = new byte[8];
        RANDOM.nextBytes(id);
        this.sessionId = HexFormat.of().formatHex(id);
        this.remoteHost = socket.remoteAddress().hostAddress();
        this.remotePort = socket.remoteAddress().port();
    }

    void start() {
        LOG.debug("connection accepted endpoint={}:{}", remoteHost, remotePort);
        lastReceived = System.currentTimeMillis();
        lastSent = lastReceived;
        loginTimer = vertx.setTimer(services.config().timeouts().login().toMillis(),
                id -> close("login not finished within " + services.config().timeouts().login().toMillis() + " ms"));
        parser.handler(this::onChunk);
        parser.exceptionHandler(e -> close("connection error: " + e.getMessage()));
        socket.closeHandler(ignored -> close("connection closed by the client"));
    }

    // ---- framing -------------------------------------------------------------------------------

    private void onChunk(Buffer chunk) {
        if (state == State.CLOSED) {
            return;
        }
        if (readingSize) {
            long size = chunk.getUnsignedInt(0);
            if (size < 1 || size > MAX_FRAME_SIZE) {
                protocolError("frame size " + size + " (expected: 1 to " + MAX_FRAME_SIZE + ")");
                return;
            }
            sizeField = chunk;
            readingSize = false;
            parser.fixedSizeMode((int) size);
            return;
        }
        readingSize = true;
        parser.fixedSizeMode(4);
        lastReceived = System.currentTimeMillis();
        try {
            onFrame(sizeField, chunk);
        } catch (RuntimeException e) {
            LOG.error("session failed on a frame address={} endpoint={}:{}", address, remoteHost, remotePort, e);
            close("internal error");
        }
    }

    private void onFrame(Buffer size, Buffer rest) {
        Buffer frame = Buffer.buffer(size.length() + rest.length()).appendBuffer(size).appendBuffer(rest);
        if (state == State.AWAIT_HELO) {
            if (frame.getUnsignedByte(4) != MessageType.HELO.code()) {
                heloError(HeloErrorCode.MALFORMED_MESSAGE, "message type 0x"
                        + Integer.toHexString(frame.getUnsignedByte(4)) + " before HELO (expected: HELO, 0x01)");
                return;
            }
            onHelo(TcpFrames.decodePlain(frame));
            return;
        }
        Buffer plaintext;
        try {
            plaintext = agreement.channel().open(frame);
        } catch (LoginCrypto.RecordException e) {
            LOG.info("record rejected vpnIp={} endpoint={}:{} reason={}", address, remoteHost, remotePort,
                    e.getMessage());
            close("record rejected");
            return;
        }
        if (plaintext == null) {
            return;
        }
        Decoded<Message> decoded = Messages.decode(plaintext);
        if (state == State.AWAIT_LOGIN) {
            onLoginMessage(decoded);
        } else if (state == State.ONLINE) {
            onOnlineMessage(decoded);
        }
    }

    // ---- HELO ----------------------------------------------------------------------------------

    private void onHelo(Decoded<Message> decoded) {
        if (!decoded.isOk()) {
            DecodeError error = decoded.error();
            heloError(error.kind() == DecodeError.Kind.UNSUPPORTED_SUITE
                    ? HeloErrorCode.UNSUPPORTED_SUITE : HeloErrorCode.MALFORMED_MESSAGE, error.message());
            return;
        }
        if (!(decoded.value() instanceof Helo)) {
            heloError(HeloErrorCode.MALFORMED_MESSAGE, decoded.value().type().displayName()
                    + " before HELO (expected: HELO)");
            return;
        }
        Helo helo = (Helo) decoded.value();
        serverKey = services.keys().byMd5(helo.serverKeyFingerprint()).orElse(null);
        if (serverKey == null) {
            heloError(HeloErrorCode.UNKNOWN_SERVER_KEY, "this server has no key with fingerprint "
                    + HexFormat.ofDelimiter(":").formatHex(helo.serverKeyFingerprint()));
            return;
        }
        ni = helo.nonce();
        gi = helo.dhPublicValue();
        parser.pause();
        vertx.executeBlocking(() -> LoginCrypto.respond(ni, gi), false).onComplete(result -> {
            if (state == State.CLOSED) {
                return;
            }
            if (result.failed()) {
                heloError(HeloErrorCode.MALFORMED_MESSAGE, "HELO rejected: " + result.cause().getMessage());
                return;
            }
            agreement = result.result();
            state = State.AWAIT_LOGIN;
            writePlain(new HeloOk(agreement.nr(), agreement.gr()));
            parser.resume();
        });
    }

    private void heloError(HeloErrorCode code, String reason) {
        LOG.info("login rejected stage=helo code={} endpoint={}:{} reason={}", code.code(), remoteHost, remotePort,
                reason);
        writePlain(new HeloError(code, truncate(reason)));
        close("HELO ERROR " + code.code());
    }

    /** Cuts a reason to fit the {@value WireFormat#MAX_REASON_LENGTH} UTF-8 bytes that HELO ERROR allows. */
    private static String truncate(String reason) {
        if (reason.getBytes(StandardCharsets.UTF_8).length <= WireFormat.MAX_REASON_LENGTH) {
            return reason;
        }
        // A character takes at most 4 bytes of UTF-8, so this many always fit.
        int end = WireFormat.MAX_REASON_LENGTH / 4;
        if (Character.isHighSurrogate(reason.charAt(end - 1))) {
            end--;
        }
        return reason.substring(0, end);
    }

    // ---- REGISTER and AUTH ---------------------------------------------------------------------

    private void onLoginMessage(Decoded<Message> decoded) {
        if (!decoded.isOk()) {
            loginError(ErrorCode.INVALID_REQUEST, "message rejected before login: " + decoded.error().message());
            return;
        }
        Message message = decoded.value();
        if (message instanceof Register) {
            onRegister((Register) message);
        } else if (message instanceof Auth) {
            onAuth((Auth) message);
        } else if (message instanceof Control) {
            loginError(ErrorCode.NOT_LOGGED_IN, "control messages need a finished login (AUTH OK)");
        } else {
            loginError(ErrorCode.INVALID_REQUEST, message.type().displayName()
                    + " is not expected before login (expected: REGISTER or AUTH)");
        }
    }

    private void onRegister(Register register) {
        if (registered) {
            loginError(ErrorCode.INVALID_REQUEST, "REGISTER was already accepted on this connection");
            return;
        }
        RSAPublicKey key;
        try {
            key = RsaKeys.decodePublicKey(register.publicKey());
        } catch (CryptoException e) {
            loginError(ErrorCode.INVALID_REQUEST, "REGISTER rejected: " + e.getMessage());
            return;
        }
        parser.pause();
        vertx.executeBlocking(() -> LoginCrypto.verifyRegister(key, register, ni, agreement.nr(), gi,
                agreement.gr()), false)
                .compose(valid -> {
                    if (!valid) {
                        throw new ControlException(ErrorCode.FORBIDDEN,
                                "REGISTER rejected: the signature does not verify with the enclosed key");
                    }
                    return services.accounts().register(register.publicKey(), Fingerprints.sha256Text(key));
                })
                .onComplete(result -> {
                    if (state == State.CLOSED) {
                        return;
                    }
                    if (result.failed()) {
                        loginFailure("register", null, result.cause());
                        return;
                    }
                    Account account = result.result();
                    registered = true;
                    LOG.info("account registered vpnIp={} fingerprint={} endpoint={}:{}", account.address(),
                            account.fingerprint(), remoteHost, remotePort);
                    writeProtected(new RegisterOk(AddressPool.parseAddress(account.address())));
                    parser.resume();
                });
    }

    private void onAuth(Auth auth) {
        String identity = AddressPool.formatAddress(auth.identity());
        parser.pause();
        services.accounts().find(identity).compose(account -> {
            if (account == null) {
                throw new ControlException(ErrorCode.FORBIDDEN, "AUTH rejected: unknown identity " + identity);
            }
            return vertx.executeBlocking(() -> {
                RSAPublicKey key = RsaKeys.decodePublicKey(Base64.getDecoder().decode(account.publicKey()));
                if (!LoginCrypto.verifyAuth(key, auth, ni, agreement.nr(), gi, agreement.gr())) {
                    throw new ControlException(ErrorCode.FORBIDDEN, "AUTH rejected: bad signature for " + identity);
                }
                return LoginCrypto.signAuthOk(serverKey.keyPair().getPrivate(), ni, agreement.nr(), gi,
                        agreement.gr());
            }, false);
        }).onComplete(result -> {
            if (state == State.CLOSED) {
                return;
            }
            if (result.failed()) {
                loginFailure("auth", identity, result.cause());
                return;
            }
            writeProtected(new AuthOk(result.result()));
            goOnline(identity);
            parser.resume();
        });
    }

    private void loginFailure(String stage, String identity, Throwable cause) {
        if (cause instanceof ControlException) {
            ControlException rejected = (ControlException) cause;
            LOG.info("login rejected stage={} vpnIp={} endpoint={}:{} reason={}", stage, identity, remoteHost,
                    remotePort, rejected.getMessage());
            sendError(0, rejected.code(), rejected.getMessage());
            close("login rejected");
        } else {
            LOG.error("login failed stage={} vpnIp={} endpoint={}:{}", stage, identity, remoteHost, remotePort, cause);
            sendError(0, ErrorCode.INTERNAL, "the server could not finish the login; try again later");
            close("internal error during login");
        }
    }

    private void loginError(ErrorCode code, String message) {
        LOG.info("login rejected stage=login endpoint={}:{} reason={}", remoteHost, remotePort, message);
        sendError(0, code, message);
        close("login rejected");
    }

    // ---- online --------------------------------------------------------------------------------

    private void goOnline(String identity) {
        address = identity;
        state = State.ONLINE;
        vertx.cancelTimer(loginTimer);
        handler = new ControlHandler(services, address, sessionId);
        probeToken = new byte[TOKEN_LENGTH];
        RANDOM.nextBytes(probeToken);
        long keepalive = services.config().timeouts().keepalive().toMillis();
        long idle = services.config().timeouts().idle().toMillis();
        keepaliveTimer = vertx.setPeriodic(Math.max(25, Math.min(keepalive, idle) / 4), id -> onTick(keepalive, idle));
        LOG.info("session online vpnIp={} endpoint={}:{} session={}", address, remoteHost, remotePort, sessionId);

        consumer = vertx.eventBus().consumer(EventBusAddresses.session(address), this::onCommand);
        SessionRecord record = new SessionRecord(address, sessionId, services.nodeId(), remoteHost, remotePort,
                0, List.of(), null, 0, System.currentTimeMillis());
        // The sync runs first in the request chain, so the client sees it before any reply.
        requestChain = consumer.completion()
                .compose(ignored -> services.presence().bindProbeToken(HexFormat.of().formatHex(probeToken), address))
                .compose(ignored -> services.presenceService().register(record))
                .compose(ignored -> sendSync())
                .compose(ignored -> services.presenceService().announceOnline(address))
                .onFailure(e -> {
                    LOG.error("session setup failed vpnIp={} endpoint={}:{}", address, remoteHost, remotePort, e);
                    close("session setup failed");
                });
    }

    private Future<Void> sendSync() {
        return services.accounts().find(address).compose(account -> services.networkService().list(address)
                .map(networks -> {
                    // Control.event throws if the sync does not fit one envelope, which fails the session setup.
                    send(Control.event(ControlTypes.SYNC, new JsonObject()
                            .put("address", address)
                            .put("nickname", account == null ? "" : account.nickname())
                            .put("probeToken", Base64.getEncoder().encodeToString(probeToken))
                            .put("probePort", probePort)
                            .put("networks", networks)));
                    return null;
                }));
    }

    private void onTick(long keepalive, long idle) {
        long now = System.currentTimeMillis();
        if (outputBlocked && now - lastReceived >= idle) {
            LOG.info("session not reading vpnIp={} endpoint={}:{} blockedMs={}", address, remoteHost, remotePort,
                    now - lastReceived);
            close("the client read nothing of the queued output for " + (now - lastReceived) + " ms");
        } else if (now - lastReceived >= idle) {
            LOG.info("session idle vpnIp={} endpoint={}:{} silentMs={}", address, remoteHost, remotePort,
                    now - lastReceived);
            close("no message for " + (now - lastReceived) + " ms");
        } else if (now - lastSent >= keepalive) {
            sendEvent(ControlTypes.KEEPALIVE, new JsonObject());
        }
    }

    private void onOnlineMessage(Decoded<Message> decoded) {
        if (!decoded.isOk()) {
            LOG.info("control message rejected vpnIp={} endpoint={}:{} reason={}", address, remoteHost, remotePort,
                    decoded.error().message());
            sendError(0, ErrorCode.INVALID_REQUEST, decoded.error().message());
            return;
        }
        if (!(decoded.value() instanceof Control)) {
            sendError(0, ErrorCode.INVALID_REQUEST, decoded.value().type().displayName()
                    + " is not expected after login (expected: CONTROL)");
            return;
        }
        Control request = (Control) decoded.value();
        if (ControlTypes.KEEPALIVE.equals(request.controlType())) {
            return;
        }
        if (request.id() == 0) {
            sendError(0, ErrorCode.INVALID_REQUEST, "a request needs a positive id");
            return;
        }
        if (pendingRequests >= services.config().pendingRequests()) {
            sendError(request.id(), ErrorCode.RATE_LIMITED, "more than " + services.config().pendingRequests()
                    + " requests in flight");
            return;
        }
        pendingRequests++;
        requestChain = requestChain.transform(ignored -> process(request)).onComplete(ignored -> pendingRequests--);
    }

    private Future<Void> process(Control request) {
        if (state != State.ONLINE) {
            return Future.succeededFuture();
        }
        Future<ControlHandler.Reply> reply;
        try {
            reply = handler.handle(request.controlType(), request.body());
        } catch (RuntimeException e) {
            reply = Future.failedFuture(e);
        }
        return reply.transform(result -> {
            if (result.succeeded()) {
                Control ok;
                try {
                    ok = Control.ok(request.id(), result.result().body());
                } catch (IllegalArgumentException e) {
                    // The limits in SyncBudget keep replies within one envelope, so this is a fault of the server.
                    LOG.error("reply does not fit one envelope vpnIp={} type={} id={}", address,
                            request.controlType(), request.id(), e);
                    sendError(request.id(), ErrorCode.INTERNAL, "the reply is too large to send");
                    return Future.succeededFuture();
                }
                send(ok);
                // The next request waits for the follow-up, so that a leave never overtakes the tunnels its join opens.
                return result.result().after().get().recover(e -> {
                    LOG.error("follow-up of a request failed vpnIp={} type={} id={}", address, request.controlType(),
                            request.id(), e);
                    return Future.succeededFuture();
                });
            } else if (result.cause() instanceof ControlException) {
                ControlException rejected = (ControlException) result.cause();
                LOG.debug("request rejected vpnIp={} type={} code={} reason={}", address, request.controlType(),
                        rejected.code().wireName(), rejected.getMessage());
                sendError(request.id(), rejected.code(), rejected.getMessage());
            } else {
                LOG.error("request failed vpnIp={} type={}", address, request.controlType(), result.cause());
                sendError(request.id(), ErrorCode.INTERNAL, "the server could not handle the request");
            }
            return Future.succeededFuture();
        });
    }

    private void onCommand(io.vertx.core.eventbus.Message<JsonObject> message) {
        JsonObject command = message.body();
        if (state != State.ONLINE) {
            return;
        }
        switch (command.getString(SessionCommands.OP, "")) {
            case SessionCommands.OP_EVENT:
                sendEvent(command.getString("type"), command.getJsonObject("body", new JsonObject()));
                break;
            case SessionCommands.OP_KICK:
                if (sessionId.equals(command.getString("sessionId"))) {
                    close("replaced by a newer login of the same account");
                }
                break;
            case SessionCommands.OP_PROBE:
                onProbeSeen(command.getString("host"), command.getInteger("port", 0));
                break;
            default:
                LOG.warn("unknown session command vpnIp={} op={}", address, command.getString(SessionCommands.OP));
        }
    }

    private void onProbeSeen(String host, int port) {
        services.presenceService().updateEndpoints(address, sessionId, record -> record.withMapped(host, port))
                .compose(changed -> changed ? services.broker().endpointsChanged(address) : Future.succeededFuture())
                .onFailure(e -> LOG.error("recording a probe failed vpnIp={}", address, e));
    }

    // ---- output --------------------------------------------------------------------------------

    private void sendEvent(String type, JsonObject body) {
        Control event;
        try {
            event = Control.event(type, body);
        } catch (IllegalArgumentException e) {
            LOG.error("event does not fit one envelope vpnIp={} type={}", address, type, e);
            return;
        }
        send(event);
    }

    private void sendError(long id, ErrorCode code, String message) {
        send(Control.error(id, code, message));
    }

    private void send(Control control) {
        if (agreement == null) {
            return;
        }
        writeProtected(control);
    }

    private void writeProtected(Message message) {
        if (state == State.CLOSED) {
            return;
        }
        Buffer record;
        try {
            record = agreement.channel().seal(message);
        } catch (LoginCrypto.RecordException e) {
            close("cannot protect more records: " + e.getMessage());
            return;
        }
        lastSent = System.currentTimeMillis();
        socket.write(record);
        if (state == State.ONLINE && !outputBlocked && socket.writeQueueFull()) {
            blockInput();
        }
    }

    /**
     * Stops reading requests while the client does not read the replies, so that a client that never reads cannot
     * make the server queue output without bound. Reading resumes when the queue drains. A session whose queue does
     * not drain within the idle timeout is closed by {@link #onTick}, because nothing is read from it meanwhile.
     */
    private void blockInput() {
        outputBlocked = true;
        parser.pause();
        LOG.debug("output queue full, reading paused vpnIp={} endpoint={}:{}", address, remoteHost, remotePort);
        socket.drainHandler(ignored -> {
            socket.drainHandler(null);
            outputBlocked = false;
            if (state == State.ONLINE) {
                lastReceived = System.currentTimeMillis();
                parser.resume();
            }
        });
    }

    private void writePlain(Message message) {
        lastSent = System.currentTimeMillis();
        socket.write(Buffer.buffer(TcpFrames.encodePlain(message)));
    }

    // ---- errors and close ----------------------------------------------------------------------

    private void protocolError(String reason) {
        if (state == State.AWAIT_HELO) {
            heloError(HeloErrorCode.MALFORMED_MESSAGE, reason);
        } else {
            LOG.info("protocol error vpnIp={} endpoint={}:{} reason={}", address, remoteHost, remotePort, reason);
            sendError(0, ErrorCode.INVALID_REQUEST, reason);
            close("protocol error");
        }
    }

    /** Closes the connection and, if the client was online, removes its presence. Idempotent. */
    void close(String reason) {
        if (state == State.CLOSED) {
            return;
        }
        boolean wasOnline = state == State.ONLINE;
        state = State.CLOSED;
        vertx.cancelTimer(loginTimer);
        vertx.cancelTimer(keepaliveTimer);
        socket.close();
        LOG.info("session closed vpnIp={} endpoint={}:{} reason={}", address, remoteHost, remotePort, reason);
        if (wasOnline) {
            if (consumer != null) {
                consumer.unregister();
            }
            String tokenHex = HexFormat.of().formatHex(probeToken);
            cleanup = requestChain.eventually(() -> services.presence().releaseProbeToken(tokenHex)
                    .compose(ignored -> services.presenceService().unregister(address, sessionId)))
                    .<Void>mapEmpty()
                    .recover(e -> {
                        LOG.warn("cleaning up a closed session failed vpnIp={}", address, e);
                        return Future.succeededFuture();
                    });
        }
        onClosed.accept(this);
    }

    /**
     * Returns the cleanup of a closed session: the requests in progress finish, then its probe token and presence are
     * removed. The future never fails, and it is already complete for a session that was never online.
     */
    Future<Void> cleanup() {
        return cleanup;
    }
}
