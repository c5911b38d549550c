package io.kampachi.client.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kampachi.client.local.CommandException;
import io.kampachi.client.local.LocalControlClient;
import io.kampachi.client.local.LocalControlServer;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Runs CLI commands against a control socket whose daemon side is a scripted handler. */
class CliOverLocalSocketTest {

    @TempDir
    Path temp;

    private Path socket;
    private LocalControlServer server;
    private final List<JsonObject> received = new CopyOnWriteArrayList<>();

    @BeforeEach
    void startServer() throws IOException {
        socket = temp.resolve("ctl/kampachi.sock");
        server = LocalControlServer.start(socket, this::handle);
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    private Future<JsonObject> handle(String command, JsonObject args) {
        received.add(new JsonObject().put("command", command).put("args", args));
        switch (command) {
            case "join":
                if (!"secret".equals(args.getString("password"))) {
                    return Future.failedFuture(new CommandException("wrong-password", "wrong password for 'lab'"));
                }
                return Future.succeededFuture(new JsonObject().put("network",
                        new JsonObject().put("name", "lab").put("displayId", "123-456-789")));
            case "list":
                return Future.succeededFuture(new JsonObject().put("networks", new JsonArray().add(new JsonObject()
                        .put("name", "lab").put("displayId", "123-456-789").put("online", true)
                        .put("members", new JsonArray().add(new JsonObject().put("address", "100.64.0.2")
                                .put("nickname", "bob").put("online", true).put("path", "direct-udp")
                                .put("endpoint", "203.0.113.61:4000"))))));
            case "leave":
                throw new CommandException("not-member", "not a member of '" + args.getString("name") + "'");
            default:
                return Future.succeededFuture(new JsonObject());
        }
    }

    @Test
    void socketIsOwnerOnly() throws IOException {
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(socket)));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(socket.getParent())));
    }

    @Test
    void joinWithPasswordPrintsTheNetwork() {
        Result result = run("join", "-s", socket.toString(), "lab", "secret");
        assertEquals(0, result.exitCode, result.err);
        assertEquals("joined network lab [123-456-789]", result.out.strip());
        assertEquals(new JsonObject().put("name", "lab").put("password", "secret"),
                received.get(0).getJsonObject("args"));
    }

    @Test
    void rejectedRequestsExitNonZeroWithTheReason() {
        Result wrong = run("join", "-s", socket.toString(), "lab", "guess");
        assertEquals(DaemonRequestCommand.EXIT_REJECTED, wrong.exitCode);
        assertTrue(wrong.err.contains("wrong password for 'lab' [wrong-password]"), wrong.err);

        Result leave = run("leave", "-s", socket.toString(), "other");
        assertEquals(DaemonRequestCommand.EXIT_REJECTED, leave.exitCode);
        assertTrue(leave.err.contains("[not-member]"), leave.err);
    }

    @Test
    void listShowsMembersWithTunnelPathAndEndpoint() {
        Result result = run("list", "-s", socket.toString());
        assertEquals(0, result.exitCode, result.err);
        assertTrue(result.out.contains(" * [123-456-789]  lab"), result.out);
        assertTrue(result.out.matches("(?s).*100\\.64\\.0\\.2 +bob +online +direct-udp +203\\.0\\.113\\.61:4000.*"),
                result.out);
    }

    @Test
    void missingDaemonIsReported() {
        Result result = run("list", "-s", temp.resolve("nothing.sock").toString());
        assertEquals(DaemonRequestCommand.EXIT_UNREACHABLE, result.exitCode);
        assertTrue(result.err.contains("no Kampachi daemon answers"), result.err);
    }

    @Test
    void usageErrorsAndHelp() {
        assertEquals(2, run("create", "-s", socket.toString()).exitCode);
        Result help = run("--help");
        assertEquals(0, help.exitCode);
        for (String name : List.of("daemon", "login", "logout", "create", "join", "leave", "list", "set-nick",
                "go-online", "go-offline", "peer-fingerprint")) {
            assertTrue(help.out.contains(name), name + " missing from: " + help.out);
        }
        assertTrue(received.isEmpty());
    }

    @Test
    void noCommandIsAUsageError() {
        Result result = run();
        assertEquals(2, result.exitCode);
        assertTrue(result.err.startsWith("Missing required subcommand"), result.err);
        assertTrue(result.err.contains("Usage: kampachi-client"), result.err);
        assertEquals("", result.out);
    }

    @Test
    void subcommandsAcceptHelp() {
        for (String name : List.of("daemon", "login", "create", "join", "peer-fingerprint", "key-fingerprint")) {
            Result help = run(name, "--help");
            assertEquals(0, help.exitCode, name + ": " + help.err);
            assertTrue(help.out.startsWith("Usage: kampachi-client " + name), help.out);
        }
        assertTrue(received.isEmpty());
    }

    @Test
    void keyFingerprintMissingFile() {
        Path missing = temp.resolve("missing.pem");
        Result result = run("key-fingerprint", missing.toString());
        assertEquals(1, result.exitCode);
        assertEquals("error: cannot read " + missing + ": no such file", result.err.strip());
    }

    @Test
    void malformedRequestsGetAnErrorReply() throws IOException {
        JsonObject reply = LocalControlClient.request(socket, "anything", new JsonObject());
        assertTrue(reply.getBoolean("ok"));
        assertFalse(LocalControlClient.request(socket, "leave", new JsonObject().put("name", "x")).getBoolean("ok"));
    }

    @Test
    void secondServerOnTheSameSocketIsRejected() {
        IOException e = assertThrows(IOException.class, () -> LocalControlServer.start(socket, this::handle));
        assertTrue(e.getMessage().contains("already listening"), e.getMessage());
    }

    private static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine commandLine = ClientCommand.commandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        int exitCode = commandLine.execute(args);
        return new Result(exitCode, out.toString(), err.toString());
    }

    private record Result(int exitCode, String out, String err) {
    }
}
