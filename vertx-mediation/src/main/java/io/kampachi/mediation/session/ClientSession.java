package io.kampachi.mediation.session;

import io.kampachi.mediation.MediationServices;
import io.kampachi.mediation.account.Account;
import io.kampachi.mediation.bus.EventBusAddresses;
import io.kampachi.mediation.bus.SessionCommands;
import io.kampachi.mediation.config.AddressPool;
import io.kampachi.mediation.control.ControlException;
import io.kampachi.mediation.control.ControlTypes;
import io.kampachi.mediation.control.ErrorCode;
import io.kampachi.mediation.keys.ServerKey;
import io.kampachi.mediation.presence.SessionRecord;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetSocket;
import io.vertx.core.parsetools.RecordParser;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.security.PublicKey;
import java.security.SecureRandom;
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
 * Before HELO OK frames are plain and every error is a HELO ERROR; afterwards frames are protected
 * records and errors are CONTROL {@code error} messages. A login error, a malformed or oversized
 * frame, a record that fails authentication, or a timeout closes the connection; a bad request
 * from a logged-in client is only rejected.
 *
 * <p>Threading: every field is touched only on the event loop of the {@link ControlServer} that
 * accepted the connection. Expensive steps (Diffie-Hellman, RSA) run on worker threads while the
 * socket is paused, and their results come back on that event loop.
 */
final class ClientSession {

    /** Largest {@code size} field accepted, before the body is read. */
    static final int MAX_FRAME_SIZE = 65536;

    private static final Logger LOG = LoggerFactory.getLogger(ClientSession.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int TOKEN_LENGTH = 16;

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
    private int pendingRequests;
    private long loginTimer = -1;
    private long keepaliveTimer = -1;
    private long lastReceived;
    private long lastSent;

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
        if (state == State.AWAIT_HELO) {
            onHelo(rest);
            return;
        }
        Buffer plaintext;
        try {
            plaintext = agreement.channel().open(Buffer.buffer().appendBuffer(size).appendBuffer(rest));
        } catch (LoginCrypto.RecordException e) {
            LOG.info("record rejected address={} endpoint={}:{} reason={}", address, remoteHost, remotePort,
                    e.getMessage());
            close("record rejected");
            return;
        }
        if (plaintext.length() < 1) {
            protocolError("empty record");
            return;
        }
        int type = plaintext.getUnsignedByte(0);
        Buffer body = plaintext.getBuffer(1, plaintext.length());
        if (state == State.AWAIT_LOGIN) {
            onLoginMessage(type, body);
        } else if (state == State.ONLINE) {
            onOnlineMessage(type, body);
        }
    }

    // ---- HELO ----------------------------------------------------------------------------------

    private void onHelo(Buffer frame) {
        LoginMessages.Helo helo;
        try {
            helo = LoginMessages.parseHelo(frame);
        } catch (LoginMessages.MalformedException e) {
            heloError(LoginMessages.HELO_ERROR_MALFORMED, e.getMessage());
            return;
        }
        if (helo.suite() != LoginCrypto.SUITE) {
            heloError(LoginMessages.HELO_ERROR_SUITE, "crypto suite " + helo.suite() + " is not supported (expected: "
                    + LoginCrypto.SUITE + ")");
            return;
        }
        serverKey = services.keys().byMd5(helo.serverKfp()).orElse(null);
        if (serverKey == null) {
            heloError(LoginMessages.HELO_ERROR_UNKNOWN_KEY, "this server has no key with fingerprint "
                    + HexFormat.ofDelimiter(":").formatHex(helo.serverKfp()));
            return;
        }
        ni = helo.ni();
        gi = helo.gi();
        parser.pause();
        vertx.executeBlocking(() -> LoginCrypto.respond(ni, gi), false).onComplete(result -> {
            if (state == State.CLOSED) {
                return;
            }
            if (result.failed()) {
                heloError(LoginMessages.HELO_ERROR_MALFORMED, "HELO rejected: " + result.cause().getMessage());
                return;
            }
            agreement = result.result();
            state = State.AWAIT_LOGIN;
            writePlain(LoginMessages.heloOk(agreement.nr(), agreement.gr()));
            parser.resume();
        });
    }

    private void heloError(int code, String reason) {
        LOG.info("login rejected stage=helo code={} endpoint={}:{} reason={}", code, remoteHost, remotePort, reason);
        writePlain(LoginMessages.heloError(code, reason));
        close("HELO ERROR " + code);
    }

    // ---- REGISTER and AUTH ---------------------------------------------------------------------

    private void onLoginMessage(int type, Buffer body) {
        switch (type) {
            case LoginMessages.TYPE_REGISTER:
                onRegister(body);
                break;
            case LoginMessages.TYPE_AUTH:
                onAuth(body);
                break;
            case LoginMessages.TYPE_CONTROL:
                loginError(ErrorCode.NOT_LOGGED_IN, "control messages need a finished login (AUTH OK)");
                break;
            default:
                loginError(ErrorCode.INVALID_REQUEST, "message type 0x" + Integer.toHexString(type)
                        + " is not expected before login (expected: REGISTER or AUTH)");
        }
    }

    private void onRegister(Buffer body) {
        if (registered) {
            loginError(ErrorCode.INVALID_REQUEST, "REGISTER was already accepted on this connection");
            return;
        }
        LoginMessages.Register register;
        PublicKey key;
        try {
            register = LoginMessages.parseRegister(body);
            key = LoginCrypto.parsePublicKey(register.publicKey());
        } catch (LoginMessages.MalformedException e) {
            loginError(ErrorCode.INVALID_REQUEST, "REGISTER rejected: " + e.getMessage());
            return;
        }
        byte[] signed = LoginCrypto.registerSignedData(ni, agreement.nr(), gi, agreement.gr(), register.publicKey());
        parser.pause();
        vertx.executeBlocking(() -> LoginCrypto.verify(key, signed, register.signature()), false)
                .compose(valid -> {
                    if (!valid) {
                        throw new ControlException(ErrorCode.FORBIDDEN,
                                "REGISTER rejected: the signature does not verify with the enclosed key");
                    }
                    return services.accounts().register(register.publicKey(), LoginCrypto.fingerprint(key));
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
                    writeProtected(LoginMessages.registerOk(AddressPool.parseAddress(account.address())));
                    parser.resume();
                });
    }

    private void onAuth(Buffer body) {
        LoginMessages.Auth auth;
        try {
            auth = LoginMessages.parseAuth(body);
        } catch (LoginMessages.MalformedException e) {
            loginError(ErrorCode.INVALID_REQUEST, "AUTH rejected: " + e.getMessage());
            return;
        }
        String identity = AddressPool.formatAddress(auth.identity());
        byte[] signed = LoginCrypto.authSignedData(ni, agreement.nr(), gi, agreement.gr());
        parser.pause();
        services.accounts().find(identity).compose(account -> {
            if (account == null) {
                throw new ControlException(ErrorCode.FORBIDDEN, "AUTH rejected: unknown identity " + identity);
            }
            return vertx.executeBlocking(() -> {
                PublicKey key = LoginCrypto.parsePublicKey(Base64.getDecoder().decode(account.publicKey()));
                if (!LoginCrypto.verify(key, signed, auth.signature())) {
                    throw new ControlException(ErrorCode.FORBIDDEN, "AUTH rejected: bad signature for " + identity);
                }
                byte[] proof = LoginCrypto.authOkSignedData(ni, agreement.nr(), gi, agreement.gr());
                return LoginCrypto.sign(serverKey.keyPair().getPrivate(), proof);
            }, false);
        }).onComplete(result -> {
            if (state == State.CLOSED) {
                return;
            }
            if (result.failed()) {
                loginFailure("auth", identity, result.cause());
                return;
            }
            writeProtected(LoginMessages.authOk(result.result()));
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
                    sendEvent(ControlTypes.SYNC, new JsonObject()
                            .put("address", address)
                            .put("nickname", account == null ? "" : account.nickname())
                            .put("probeToken", Base64.getEncoder().encodeToString(probeToken))
                            .put("probePort", probePort)
                            .put("networks", networks));
                    return null;
                }));
    }

    private void onTick(long keepalive, long idle) {
        long now = System.currentTimeMillis();
        if (now - lastReceived >= idle) {
            LOG.info("session idle vpnIp={} endpoint={}:{} silentMs={}", address, remoteHost, remotePort,
                    now - lastReceived);
            close("no message for " + (now - lastReceived) + " ms");
        } else if (now - lastSent >= keepalive) {
            sendEvent(ControlTypes.KEEPALIVE, new JsonObject());
        }
    }

    private void onOnlineMessage(int type, Buffer body) {
        if (type != LoginMessages.TYPE_CONTROL) {
            sendError(0, ErrorCode.INVALID_REQUEST, "message type 0x" + Integer.toHexString(type)
                    + " is not expected after login (expected: CONTROL)");
            return;
        }
        ControlEnvelope envelope;
        try {
            envelope = ControlEnvelope.parse(body);
        } catch (ControlEnvelope.InvalidEnvelopeException e) {
            LOG.info("control message rejected vpnIp={} endpoint={}:{} reason={}", address, remoteHost, remotePort,
                    e.getMessage());
            sendError(e.id(), ErrorCode.INVALID_REQUEST, e.getMessage());
            return;
        }
        if (ControlTypes.KEEPALIVE.equals(envelope.type())) {
            return;
        }
        if (envelope.id() == 0) {
            sendError(0, ErrorCode.INVALID_REQUEST, "a request needs a positive id");
            return;
        }
        if (pendingRequests >= services.config().pendingRequests()) {
            sendError(envelope.id(), ErrorCode.RATE_LIMITED, "more than " + services.config().pendingRequests()
                    + " requests in flight");
            return;
        }
        pendingRequests++;
        requestChain = requestChain.transform(ignored -> process(envelope)).onComplete(ignored -> pendingRequests--);
    }

    private Future<Void> process(ControlEnvelope request) {
        if (state != State.ONLINE) {
            return Future.succeededFuture();
        }
        Future<ControlHandler.Reply> reply;
        try {
            reply = handler.handle(request.type(), request.body());
        } catch (RuntimeException e) {
            reply = Future.failedFuture(e);
        }
        return reply.transform(result -> {
            if (result.succeeded()) {
                send(new JsonObject().put("type", ControlTypes.OK).put("id", request.id())
                        .put("body", result.result().body()));
                result.result().after().get().onFailure(e -> LOG.error(
                        "follow-up of a request failed vpnIp={} type={}", address, request.type(), e));
            } else if (result.cause() instanceof ControlException) {
                ControlException rejected = (ControlException) result.cause();
                LOG.debug("request rejected vpnIp={} type={} code={} reason={}", address, request.type(),
                        rejected.code().wireName(), rejected.getMessage());
                sendError(request.id(), rejected.code(), rejected.getMessage());
            } else {
                LOG.error("request failed vpnIp={} type={}", address, request.type(), result.cause());
                sendError(request.id(), ErrorCode.INTERNAL, "the server could not handle the request");
            }
            return Future.succeededFuture();
        });
    }

    private void onCommand(Message<JsonObject> message) {
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
        services.presence().update(address, sessionId, record -> record.withMapped(host, port))
                .compose(updated -> updated == null ? Future.succeededFuture()
                        : services.broker().endpointsChanged(address))
                .onFailure(e -> LOG.error("recording a probe failed vpnIp={}", address, e));
    }

    // ---- output --------------------------------------------------------------------------------

    private void sendEvent(String type, JsonObject body) {
        send(new JsonObject().put("type", type).put("id", 0).put("body", body));
    }

    private void sendError(long id, ErrorCode code, String message) {
        send(new JsonObject().put("type", ControlTypes.ERROR).put("id", id)
                .put("body", new JsonObject().put("code", code.wireName()).put("message", message)));
    }

    private void send(JsonObject envelope) {
        if (state == State.CLOSED || agreement == null) {
            return;
        }
        writeProtected(Buffer.buffer().appendByte((byte) LoginMessages.TYPE_CONTROL).appendBuffer(envelope.toBuffer()));
    }

    private void writeProtected(Buffer typeAndBody) {
        if (state == State.CLOSED) {
            return;
        }
        lastSent = System.currentTimeMillis();
        socket.write(agreement.channel().seal(typeAndBody));
    }

    private void writePlain(Buffer typeAndBody) {
        lastSent = System.currentTimeMillis();
        socket.write(Buffer.buffer(4 + typeAndBody.length()).appendInt(typeAndBody.length()).appendBuffer(typeAndBody));
    }

    // ---- errors and close ----------------------------------------------------------------------

    private void protocolError(String reason) {
        if (state == State.AWAIT_HELO) {
            heloError(LoginMessages.HELO_ERROR_MALFORMED, reason);
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
        onClosed.accept(this);
        LOG.info("session closed vpnIp={} endpoint={}:{} reason={}", address, remoteHost, remotePort, reason);
        if (!wasOnline) {
            return;
        }
        if (consumer != null) {
            consumer.unregister();
        }
        String tokenHex = HexFormat.of().formatHex(probeToken);
        requestChain.eventually(() -> services.presence().releaseProbeToken(tokenHex)
                .compose(ignored -> services.presenceService().unregister(address, sessionId)))
                .onFailure(e -> LOG.warn("cleaning up a closed session failed vpnIp={}", address, e));
    }
}
