package io.kampachi.client.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.kampachi.client.control.StubMediationServer;
import io.kampachi.client.daemon.ClientDaemon;
import io.kampachi.client.tun.QueueTunDevice;
import io.kampachi.common.crypto.Fingerprints;
import io.kampachi.common.crypto.PemFiles;
import io.kampachi.common.crypto.RsaKeys;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.interfaces.RSAPublicKey;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;

/** The {@code daemon} command with and without a config file, with an in-memory TUN device and a stub server. */
class DaemonCommandTest {

    @TempDir
    Path temp;

    private Vertx serverVertx;
    private StubMediationServer server;
    private RSAPublicKey serverKey;
    private Path serverKeyFile;
    private final ListAppender<ILoggingEvent> log = new ListAppender<>();
    private Running running;

    private record Running(DaemonCommand command, CompletableFuture<Integer> exit, StringWriter err) {
    }

    @BeforeEach
    void start() throws Exception {
        KeyPair keys = RsaKeys.generate(new SecureRandom());
        serverKey = (RSAPublicKey) keys.getPublic();
        serverKeyFile = temp.resolve("server-pub.pem");
        PemFiles.writePublicKey(serverKeyFile, serverKey);
        serverVertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
        server = new StubMediationServer(serverVertx, keys);
        server.start().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        log.start();
        Logger daemonLog = (Logger) LoggerFactory.getLogger(ClientDaemon.class);
        daemonLog.addAppender(log);
        daemonLog.setLevel(Level.INFO);
        daemonLog.setAdditive(false);
    }

    @AfterEach
    void stop() throws Exception {
        Logger daemonLog = (Logger) LoggerFactory.getLogger(ClientDaemon.class);
        daemonLog.detachAppender(log);
        daemonLog.setLevel(null);
        daemonLog.setAdditive(true);
        if (running != null && running.command().started.isDone() && !running.command().started
                .isCompletedExceptionally()) {
            running.command().started.join().close();
            assertEquals(0, running.exit().get(10, TimeUnit.SECONDS));
        }
        serverVertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void withoutConfigItStartsOnDefaultsAndRefusesLogin() throws Exception {
        Path home = temp.resolve("home");
        runDaemon(home);
        Path state = home.resolve(".kampachi");
        Path socket = state.resolve("control/kampachi.sock");
        assertTrue(Files.exists(socket), "socket missing");
        assertTrue(Files.exists(state.resolve("client-key.pem")), "key pair missing");

        List<String> warnings = log.list.stream().filter(e -> e.getLevel() == Level.WARN)
                .map(ILoggingEvent::getFormattedMessage).collect(Collectors.toList());
        assertEquals(1, warnings.size(), warnings.toString());
        for (String name : List.of("server.fingerprint", "server.publicKeyFile", "--server-fingerprint",
                "--server-key")) {
            assertTrue(warnings.get(0).contains(name), warnings.get(0));
        }
        String started = log.list.stream().map(ILoggingEvent::getFormattedMessage)
                .filter(m -> m.startsWith("Client daemon started")).findFirst().orElse("");
        assertTrue(started.contains("stateDir=" + state), started);
        assertTrue(started.contains("socket=" + socket), started);
        assertTrue(started.contains("server=127.0.0.1:12975"), started);

        Result login = cli("login", "-s", socket.toString());
        assertEquals(DaemonRequestCommand.EXIT_REJECTED, login.exitCode());
        assertTrue(login.err().contains("login is disabled: no server key is pinned"), login.err());
        assertTrue(login.err().contains("--server-fingerprint"), login.err());
        assertTrue(login.err().contains("[no-server-key]"), login.err());
        assertEquals(DaemonRequestCommand.EXIT_REJECTED, cli("create", "-s", socket.toString(), "lab").exitCode());

        Result status = cli("status", "-s", socket.toString());
        assertEquals(0, status.exitCode(), status.err());
        assertTrue(status.out().contains("state     logged-out"), status.out());
        assertTrue(status.out().contains("key       none pinned: login disabled"), status.out());
        assertEquals(0, cli("logout", "-s", socket.toString()).exitCode());
        assertEquals(0, server.sessionCount());
    }

    @Test
    void optionsPinTheServerAndOverrideTheConfig() throws Exception {
        RSAPublicKey other = (RSAPublicKey) RsaKeys.generate(new SecureRandom()).getPublic();
        Path otherFile = temp.resolve("other.pem");
        PemFiles.writePublicKey(otherFile, other);
        Path config = temp.resolve("client.json");
        Files.writeString(config, new JsonObject()
                .put("server", new JsonObject().put("host", "127.0.0.1").put("port", 1)
                        .put("fingerprint", Fingerprints.sha256Text(other)).put("publicKeyFile", "other.pem"))
                .put("stateDir", "state").put("udpBind", "127.0.0.1").encode());

        runDaemon(temp.resolve("home"), "--config", config.toString(), "--server", "127.0.0.1:" + server.port(),
                "--server-fingerprint", Fingerprints.md5Text(serverKey), "--server-key", serverKeyFile.toString());
        Path socket = temp.resolve("state/control/kampachi.sock");
        Result login = cli("login", "-s", socket.toString());
        assertEquals(0, login.exitCode(), login.err());
        assertTrue(login.out().startsWith("logged in: address "), login.out());
        Result status = cli("status", "-s", socket.toString());
        assertTrue(status.out().contains("key       " + Fingerprints.md5Text(serverKey)), status.out());
        assertTrue(log.list.stream().noneMatch(e -> e.getLevel() == Level.WARN), log.list.toString());
    }

    @Test
    void mismatchingKeyAndFingerprintOnTheCommandLineAreRefused() {
        RSAPublicKey other = (RSAPublicKey) RsaKeys.generate(new SecureRandom()).getPublic();
        Result result = daemonOnce("--server-fingerprint", Fingerprints.sha256Text(other), "--server-key",
                serverKeyFile.toString());
        assertEquals(DaemonCommand.EXIT_CONFIG, result.exitCode());
        assertTrue(result.err().startsWith("error: option '--server-fingerprint': " + serverKeyFile
                + " (option '--server-key') has fingerprint " + Fingerprints.sha256Text(serverKey)
                + ", not the pinned " + Fingerprints.sha256Text(other)), result.err());
        assertFalse(Files.exists(temp.resolve("home/.kampachi")), "state created for a refused start");
    }

    @Test
    void aFingerprintFromTheCommandLineMustMatchTheConfigsKeyFile() throws Exception {
        RSAPublicKey other = (RSAPublicKey) RsaKeys.generate(new SecureRandom()).getPublic();
        Path config = temp.resolve("client.json");
        Files.writeString(config, new JsonObject().put("server", new JsonObject()
                .put("fingerprint", Fingerprints.sha256Text(serverKey)).put("publicKeyFile", "server-pub.pem"))
                .encode());
        Result result = daemonOnce("-c", config.toString(), "--server-fingerprint", Fingerprints.sha256Text(other));
        assertEquals(DaemonCommand.EXIT_CONFIG, result.exitCode());
        assertTrue(result.err().contains("option '--server-fingerprint'"), result.err());
        assertTrue(result.err().contains("(config key 'server.publicKeyFile')"), result.err());
    }

    @Test
    void aKeyFileWithoutAFingerprintIsRefused() {
        Result result = daemonOnce("--server-key", serverKeyFile.toString());
        assertEquals(DaemonCommand.EXIT_CONFIG, result.exitCode());
        assertTrue(result.err().startsWith("error: option '--server-key': a key file alone pins nothing"),
                result.err());
    }

    @Test
    void badOptionValuesAreNamed() {
        Result server = daemonOnce("--server", "host:99999");
        assertEquals(DaemonCommand.EXIT_CONFIG, server.exitCode());
        assertTrue(server.err().startsWith("error: option '--server': expected a port from 1 to 65535"),
                server.err());
        Result fingerprint = daemonOnce("--server-fingerprint", "SHA256:abc", "--server-key",
                serverKeyFile.toString());
        assertEquals(DaemonCommand.EXIT_CONFIG, fingerprint.exitCode());
        assertTrue(fingerprint.err().startsWith("error: option '--server-fingerprint': expected SHA256:"),
                fingerprint.err());
    }

    @Test
    void helpSaysWhereTheValuesComeFrom() {
        Result help = cli("daemon", "--help");
        assertEquals(0, help.exitCode());
        for (String text : List.of("--server-fingerprint", "--print-fingerprints", "--server-key", "key-fingerprint",
                "127.0.0.1:12975", "~/.kampachi")) {
            assertTrue(help.out().contains(text), text + " missing from: " + help.out());
        }
    }

    /** Starts the daemon command on a thread and waits until the daemon runs. */
    private void runDaemon(Path home, String... args) throws Exception {
        DaemonCommand command = new DaemonCommand((name, mtu) -> new QueueTunDevice(name, mtu), home);
        StringWriter err = new StringWriter();
        CommandLine commandLine = new CommandLine(command);
        commandLine.setErr(new PrintWriter(err, true));
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> commandLine.execute(args));
        running = new Running(command, exit, err);
        CompletableFuture.anyOf(command.started, exit).get(30, TimeUnit.SECONDS);
        assertTrue(command.started.isDone(), err.toString());
        assertFalse(command.started.isCompletedExceptionally(), err.toString());
    }

    /** Runs a daemon command that must stop before it starts a daemon. */
    private Result daemonOnce(String... args) {
        DaemonCommand command = new DaemonCommand((name, mtu) -> new QueueTunDevice(name, mtu),
                temp.resolve("home"));
        Result result = run(new CommandLine(command), args);
        assertFalse(command.started.isDone(), "the daemon started");
        return result;
    }

    private static Result cli(String... args) {
        return run(ClientCommand.commandLine(), args);
    }

    private static Result run(CommandLine commandLine, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        int exitCode = commandLine.execute(args);
        return new Result(exitCode, out.toString(), err.toString());
    }

    private record Result(int exitCode, String out, String err) {
    }
}
