package io.kampachi.mediation.testing;

import io.kampachi.common.crypto.CryptoException;
import io.kampachi.common.crypto.DhGroup14;
import io.kampachi.common.crypto.DhKeyPair;
import io.kampachi.common.crypto.Nonces;
import io.kampachi.common.crypto.Role;
import io.kampachi.common.crypto.RsaKeys;
import io.kampachi.common.crypto.SessionKeys;
import io.kampachi.common.protect.MessageIdExhaustedException;
import io.kampachi.common.protect.MessageProtector;
import io.kampachi.common.protect.MessageUnprotector;
import io.kampachi.common.protect.NextHeader;
import io.kampachi.common.protect.UnprotectResult;
import io.kampachi.common.wire.Auth;
import io.kampachi.common.wire.AuthOk;
import io.kampachi.common.wire.Control;
import io.kampachi.common.wire.ControlTypes;
import io.kampachi.common.wire.Decoded;
import io.kampachi.common.wire.Helo;
import io.kampachi.common.wire.HeloError;
import io.kampachi.common.wire.HeloOk;
import io.kampachi.common.wire.Message;
import io.kampachi.common.wire.Messages;
import io.kampachi.common.wire.Register;
import io.kampachi.common.wire.RegisterOk;
import io.kampachi.common.wire.TcpFrames;
import io.kampachi.common.wire.WireFormat;
import io.vertx.core.json.JsonObject;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A blocking Kampachi client for tests: it speaks the control protocol over a real TCP socket to
 * 127.0.0.1, step by step, so a test can stop at any step or send something malformed.
 *
 * <p>A reader thread only splits the stream into frames; all decoding and decryption happen on the
 * test's thread. Messages that arrive while the test waits for something else are kept and found
 * by later waits, so the order in which events arrive never makes a test flaky. Every wait has a
 * deadline.
 */
public final class TestClient implements AutoCloseable {

    /** Maximum wait for one expected message. */
    public static final Duration WAIT = Duration.ofSeconds(15);

    private static final byte[] EOF = new byte[0];
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Socket socket;
    private final OutputStream out;
    private final BlockingQueue<byte[]> frames = new LinkedBlockingQueue<>();
    private final List<Control> stash = new ArrayList<>();
    private final Thread reader;
    private final KeyPair identityKey;

    private byte[] ni;
    private byte[] nr;
    private byte[] gi;
    private byte[] gr;
    private MessageProtector protector;
    private MessageUnprotector unprotector;
    private long nextId = 1;
    private volatile boolean closedByServer;
    private volatile boolean readingStopped;
    private Thread keepalives;

    private TestClient(Socket socket, KeyPair identityKey) throws IOException {
        this.socket = socket;
        this.out = socket.getOutputStream();
        this.identityKey = identityKey;
        this.reader = new Thread(this::readFrames, "test-client-reader");
        this.reader.setDaemon(true);
        this.reader.start();
    }

    /** Connects to the control port on 127.0.0.1 with the given RSA identity key. */
    public static TestClient connect(int port, KeyPair identityKey) throws IOException {
        return connect(port, identityKey, 0);
    }

    /**
     * Connects like {@link #connect(int, KeyPair)} with a socket receive buffer of {@code receiveBuffer} bytes (0 for
     * the system default), so that a test that stops reading fills the server's output sooner.
     */
    public static TestClient connect(int port, KeyPair identityKey, int receiveBuffer) throws IOException {
        Socket socket = new Socket();
        socket.setTcpNoDelay(true);
        if (receiveBuffer > 0) {
            socket.setReceiveBufferSize(receiveBuffer);
        }
        socket.connect(new InetSocketAddress("127.0.0.1", port), (int) WAIT.toMillis());
        return new TestClient(socket, identityKey);
    }

    /** Generates a fresh RSA-2048 identity key (slow: tens to hundreds of milliseconds). */
    public static KeyPair newIdentityKey() {
        return RsaKeys.generate(RANDOM);
    }

    public KeyPair identityKey() {
        return identityKey;
    }

    private void readFrames() {
        try {
            DataInputStream in = new DataInputStream(socket.getInputStream());
            while (true) {
                while (readingStopped && !socket.isClosed()) {
                    Thread.sleep(20);
                }
                int size = in.readInt();
                if (size < 1 || size > WireFormat.MAX_FRAME_SIZE) {
                    break;
                }
                byte[] frame = new byte[4 + size];
                frame[0] = (byte) (size >>> 24);
                frame[1] = (byte) (size >>> 16);
                frame[2] = (byte) (size >>> 8);
                frame[3] = (byte) size;
                in.readFully(frame, 4, size);
                frames.add(frame);
            }
        } catch (EOFException e) {
            // The server closed the connection.
        } catch (IOException e) {
            // The socket was closed locally or reset.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        closedByServer = true;
        frames.add(EOF);
    }

    /** Stops reading frames from the socket, as a client that never reads would, so the server's output queues up. */
    public void stopReading() {
        readingStopped = true;
    }

    // ---- sending -------------------------------------------------------------------------------

    /** Writes raw bytes to the socket, for malformed-input tests. */
    public void sendRaw(byte[] bytes) throws IOException {
        synchronized (out) {
            out.write(bytes);
            out.flush();
        }
    }

    /** Sends a message in a plain frame. */
    public void sendPlain(Message message) throws IOException {
        sendRaw(TcpFrames.encodePlain(message));
    }

    /** Sends {@code type | body} bytes in a protected record. */
    public void sendProtected(byte[] typeAndBody) throws IOException {
        synchronized (out) {
            try {
                out.write(protector.protect(NextHeader.CONTROL, typeAndBody));
            } catch (MessageIdExhaustedException e) {
                throw new IOException(e);
            }
            out.flush();
        }
    }

    /** Sends a request and returns its id. */
    public long sendRequest(String type, JsonObject body) throws IOException {
        long id = nextId++;
        sendProtected(new Control(type, id, body).encode());
        return id;
    }

    // ---- login ---------------------------------------------------------------------------------

    /**
     * Sends HELO naming {@code serverKfp} and returns the server's reply: a HELO OK (after which
     * this client protects and verifies every frame) or a HELO ERROR.
     */
    public Message helo(byte[] serverKfp) throws IOException, CryptoException {
        DhKeyPair dh = DhGroup14.generateKeyPair(RANDOM);
        ni = Nonces.generate(RANDOM);
        gi = dh.publicValue();
        sendPlain(new Helo(serverKfp, ni, gi));
        Message answer = nextPlain();
        if (answer instanceof HeloOk) {
            HeloOk ok = (HeloOk) answer;
            nr = ok.nonce();
            gr = ok.dhPublicValue();
            byte[] secret = dh.agree(gr);
            SessionKeys keys = SessionKeys.derive(secret, ni, nr);
            Arrays.fill(secret, (byte) 0);
            protector = MessageProtector.forTcp(keys.sending(Role.INITIATOR));
            unprotector = MessageUnprotector.forTcp(keys.receiving(Role.INITIATOR), NextHeader.CLIENT_SERVER);
        }
        return answer;
    }

    /** Builds a REGISTER for this client's key, signed over this connection's nonces and values. */
    public Register registerMessage() throws CryptoException {
        byte[] publicKey = RsaKeys.encodePublicKey((RSAPublicKey) identityKey.getPublic());
        byte[] signature = RsaKeys.sign(identityKey.getPrivate(), new byte[] {WireFormat.SUITE_1}, ni, nr, gi, gr,
                publicKey);
        return new Register(publicKey, signature);
    }

    /** Builds an AUTH for {@code identity}, signed over this connection's nonces and values. */
    public Auth authMessage(int identity) throws CryptoException {
        byte[] signature = RsaKeys.sign(identityKey.getPrivate(), new byte[] {WireFormat.SUITE_1}, ni, nr, gi, gr);
        return new Auth(identity, signature);
    }

    /** Sends REGISTER and returns the assigned identity; fails the test on anything but REGISTER OK. */
    public int register() throws IOException, CryptoException {
        sendProtected(registerMessage().encode());
        Message answer = nextProtected();
        if (!(answer instanceof RegisterOk)) {
            throw new AssertionError("expected REGISTER OK, got " + answer);
        }
        return ((RegisterOk) answer).identity();
    }

    /**
     * Sends {@code auth} and returns the server's reply: AUTH OK (whose signature is checked
     * against {@code serverKey}) or a CONTROL error.
     */
    public Message auth(Auth auth, PublicKey serverKey) throws IOException {
        sendProtected(auth.encode());
        Message answer = nextProtected();
        if (answer instanceof AuthOk) {
            byte[] signature = ((AuthOk) answer).signature();
            if (!RsaKeys.verify((RSAPublicKey) serverKey, signature, nr, ni, gr, gi)) {
                throw new AssertionError("AUTH OK signature does not verify with the pinned server key");
            }
        }
        return answer;
    }

    /** Logs in from scratch (HELO, REGISTER, AUTH) and returns the body of {@code sync}. */
    public JsonObject registerAndLogin(ServerIdentity server) throws IOException, CryptoException {
        expect(HeloOk.class, helo(server.md5()));
        int identity = register();
        expect(AuthOk.class, auth(authMessage(identity), server.publicKey()));
        return awaitEvent(ControlTypes.SYNC).body();
    }

    /** Logs in with an existing identity (HELO, AUTH) and returns the body of {@code sync}. */
    public JsonObject login(ServerIdentity server, int identity) throws IOException, CryptoException {
        expect(HeloOk.class, helo(server.md5()));
        expect(AuthOk.class, auth(authMessage(identity), server.publicKey()));
        return awaitEvent(ControlTypes.SYNC).body();
    }

    private static <T extends Message> T expect(Class<T> type, Message message) {
        if (!type.isInstance(message)) {
            throw new AssertionError("expected " + type.getSimpleName() + ", got " + message);
        }
        return type.cast(message);
    }

    /** Sends a keep-alive every {@code interval} until this client closes. */
    public void startKeepalives(Duration interval) {
        keepalives = new Thread(() -> {
            try {
                while (!closedByServer && !Thread.currentThread().isInterrupted()) {
                    Thread.sleep(interval.toMillis());
                    sendProtected(Control.event(ControlTypes.KEEPALIVE, new JsonObject()).encode());
                }
            } catch (InterruptedException | IOException e) {
                // Stopped by close(), or the connection is gone.
            }
        }, "test-client-keepalive");
        keepalives.setDaemon(true);
        keepalives.start();
    }

    // ---- receiving -----------------------------------------------------------------------------

    private byte[] nextFrame(Duration timeout) {
        try {
            byte[] frame = frames.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (frame == null) {
                throw new AssertionError("no frame from the server within " + timeout.toMillis() + " ms");
            }
            if (frame == EOF) {
                frames.add(EOF);
                throw new ConnectionClosedError();
            }
            return frame;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** Reads the next frame as a plain message. */
    public Message nextPlain() {
        Decoded<Message> decoded = TcpFrames.decodePlain(nextFrame(WAIT));
        if (!decoded.isOk()) {
            throw new AssertionError("malformed plain frame from the server: " + decoded.error());
        }
        return decoded.value();
    }

    /** Reads the next frame as a protected record and decodes its message; keep-alive records are skipped. */
    public Message nextProtected() {
        return nextProtected(WAIT);
    }

    private Message nextProtected(Duration timeout) {
        while (true) {
            UnprotectResult result = unprotector.unprotect(nextFrame(timeout));
            if (!result.isOk()) {
                throw new AssertionError("record from the server rejected: " + result.reason());
            }
            if (result.nextHeader() == NextHeader.DUMMY) {
                continue;
            }
            Decoded<Message> decoded = Messages.decode(result.payload());
            if (!decoded.isOk()) {
                throw new AssertionError("malformed message from the server: " + decoded.error());
            }
            return decoded.value();
        }
    }

    /** Waits for a CONTROL message that matches, keeping the others for later waits. */
    public Control awaitControl(Predicate<Control> match) {
        Iterator<Control> kept = stash.iterator();
        while (kept.hasNext()) {
            Control control = kept.next();
            if (match.test(control)) {
                kept.remove();
                return control;
            }
        }
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("no matching control message within " + WAIT.toMillis() + " ms; kept: "
                        + stash);
            }
            Message message = nextProtected(Duration.ofNanos(left));
            if (!(message instanceof Control)) {
                throw new AssertionError("expected CONTROL, got " + message);
            }
            Control control = (Control) message;
            if (match.test(control)) {
                return control;
            }
            stash.add(control);
        }
    }

    /** Waits for an event of {@code type}. */
    public Control awaitEvent(String type) {
        return awaitEvent(type, body -> true);
    }

    /** Waits for an event of {@code type} whose body matches. */
    public Control awaitEvent(String type, Predicate<JsonObject> bodyMatch) {
        return awaitControl(control -> control.id() == 0 && control.controlType().equals(type)
                && bodyMatch.test(control.body()));
    }

    /** Waits for the reply ({@code ok} or {@code error}) to request {@code id}. */
    public Control awaitReply(long id) {
        return awaitControl(control -> control.id() == id
                && (control.controlType().equals(ControlTypes.OK) || control.controlType().equals(ControlTypes.ERROR)));
    }

    /** Sends a request and waits for its reply. */
    public Control request(String type, JsonObject body) throws IOException {
        return awaitReply(sendRequest(type, body));
    }

    /** Sends a request and returns the body of its {@code ok} reply; fails the test on an error reply. */
    public JsonObject requestOk(String type, JsonObject body) throws IOException {
        Control reply = request(type, body);
        if (!reply.controlType().equals(ControlTypes.OK)) {
            throw new AssertionError(type + " failed: " + reply.body());
        }
        return reply.body();
    }

    /** Creates a network without a password and returns its id; fails the test on an error reply. */
    public long createNetwork(String name) throws IOException {
        return requestOk(ControlTypes.NETWORK_CREATE, new JsonObject().put("name", name))
                .getJsonObject("network").getLong("id");
    }

    /** Tells whether a message of this event type is already waiting in the stash. */
    public boolean hasStashed(String type) {
        return stash.stream().anyMatch(control -> control.controlType().equals(type));
    }

    /** Waits until the server closes the connection, discarding what arrives before. */
    public void awaitClosedByServer() {
        long deadline = System.nanoTime() + WAIT.toNanos();
        try {
            while (true) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("the server did not close the connection within " + WAIT.toMillis()
                            + " ms");
                }
                nextFrame(Duration.ofNanos(left));
            }
        } catch (ConnectionClosedError expected) {
            // Closed as expected.
        }
    }

    /** Waits for a HELO ERROR, then for the close; returns the error. */
    public HeloError awaitHeloErrorAndClose() {
        Message message = nextPlain();
        if (!(message instanceof HeloError)) {
            throw new AssertionError("expected HELO ERROR, got " + message);
        }
        awaitClosedByServer();
        return (HeloError) message;
    }

    /** Waits for a CONTROL error with id 0, then for the close; returns the error body. */
    public JsonObject awaitControlErrorAndClose() {
        Control error = awaitControl(control -> control.controlType().equals(ControlTypes.ERROR));
        awaitClosedByServer();
        return error.body();
    }

    @Override
    public void close() throws IOException {
        if (keepalives != null) {
            keepalives.interrupt();
        }
        socket.close();
    }

    /** Thrown by a wait that finds the connection closed. */
    public static final class ConnectionClosedError extends AssertionError {
        ConnectionClosedError() {
            super("the server closed the connection");
        }
    }
}
