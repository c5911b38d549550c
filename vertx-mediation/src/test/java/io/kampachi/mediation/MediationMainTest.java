package io.kampachi.mediation;

import io.kampachi.common.crypto.Fingerprints;
import io.kampachi.common.crypto.PemFiles;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What an operator sees when the node cannot start. */
class MediationMainTest {

    @TempDir
    Path dataDir;

    @Test
    void corruptDatabaseExitsWithOneLine() throws Exception {
        byte[] garbage = "not an H2 file\n".repeat(1000).getBytes(StandardCharsets.UTF_8);
        Files.write(dataDir.resolve("kampachi.mv.db"), garbage);
        Path config = dataDir.resolve("mediation.json");
        JsonObject overrides = TestNodes.overrides(dataDir, TestNodes.ClusterId.random("main"), new JsonObject());
        Files.writeString(config, overrides.encodePrettily());

        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = new CommandLine(new MediationMain()).setOut(new PrintWriter(out)).setErr(new PrintWriter(err))
                .execute("-conf", config.toString());

        assertEquals(1, code);
        String message = err.toString();
        assertTrue(message.startsWith("failed to start: cannot open the database in " + dataDir), message);
        assertTrue(message.contains("kampachi.mv.db") || message.contains("corrupt") || message.contains("format"),
                message);
        assertFalse(message.contains("\tat "), message);
    }

    @Test
    void probePortInUseIsNamed() throws Exception {
        try (DatagramSocket taken = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            int port = taken.getLocalPort();
            Path config = dataDir.resolve("mediation.json");
            JsonObject probe = new JsonObject()
                    .put("probe", new JsonObject().put("host", "127.0.0.1").put("port", port));
            Files.writeString(config,
                    TestNodes.overrides(dataDir, TestNodes.ClusterId.random("main"), probe).encodePrettily());

            StringWriter err = new StringWriter();
            int code = new CommandLine(new MediationMain()).setOut(new PrintWriter(new StringWriter()))
                    .setErr(new PrintWriter(err)).execute("-conf", config.toString());

            assertEquals(1, code);
            String message = err.toString();
            assertTrue(message.startsWith("failed to start: cannot bind the UDP probe socket 127.0.0.1:" + port + ": "),
                    message);
        }
    }

    @Test
    void exportedPublicKeyMatchesPrintedFingerprint() throws Exception {
        Path config = dataDir.resolve("mediation.json");
        Files.writeString(config, TestNodes.overrides(dataDir, TestNodes.ClusterId.random("main"), new JsonObject())
                .encodePrettily());
        Path exported = dataDir.resolve("exported/server-pub.pem");
        Files.createDirectories(exported.getParent());

        StringWriter out = new StringWriter();
        int code = new CommandLine(new MediationMain()).setOut(new PrintWriter(out))
                .setErr(new PrintWriter(new StringWriter()))
                .execute("-conf", config.toString(), "--export-public-key", exported.toString());

        assertEquals(0, code);
        String printed = out.toString();
        String fingerprint = Fingerprints.sha256Text(PemFiles.readPublicKey(exported));
        assertTrue(printed.contains("  fingerprint " + fingerprint + "\n"), printed);
        assertTrue(printed.contains("written to " + exported), printed);
        assertFalse(Files.readString(exported).contains("PRIVATE"), "the export holds only the public key");
    }

    @Test
    void exportToMissingDirectoryFails() throws Exception {
        Path config = dataDir.resolve("mediation.json");
        Files.writeString(config, TestNodes.overrides(dataDir, TestNodes.ClusterId.random("main"), new JsonObject())
                .encodePrettily());
        Path exported = dataDir.resolve("no-such-directory/server-pub.pem");

        StringWriter err = new StringWriter();
        int code = new CommandLine(new MediationMain()).setOut(new PrintWriter(new StringWriter()))
                .setErr(new PrintWriter(err))
                .execute("-conf", config.toString(), "--export-public-key", exported.toString());

        assertEquals(1, code);
        assertTrue(err.toString().startsWith("cannot write the public key to " + exported), err.toString());
    }

    @Test
    void helpListsSignalExitCodes() {
        StringWriter out = new StringWriter();
        int code = new CommandLine(new MediationMain()).setOut(new PrintWriter(out)).execute("--help");

        assertEquals(0, code);
        String help = out.toString();
        assertTrue(help.contains("143   stopped by SIGTERM"), help);
        assertTrue(help.contains("130   stopped by SIGINT"), help);
        assertFalse(help.contains("stopped normally"), help);
    }
}
