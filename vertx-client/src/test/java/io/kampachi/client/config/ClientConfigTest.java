package io.kampachi.client.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kampachi.client.tun.TunMtu;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClientConfigTest {

    private static final String FINGERPRINT = "SHA256:" + "A".repeat(43);

    @TempDir
    Path dir;

    private static JsonObject minimal() {
        return new JsonObject().put("server", new JsonObject().put("fingerprint", FINGERPRINT)
                .put("publicKeyFile", "server.pem"));
    }

    @Test
    void defaultsPointAtLoopbackAndTheComputedMtu() throws Exception {
        Path file = dir.resolve("client.json");
        Files.writeString(file, minimal().put("stateDir", "state").encode());
        ClientConfig config = ClientConfig.load(file);
        assertEquals("127.0.0.1", config.serverHost());
        assertEquals(12975, config.serverPort());
        assertEquals(dir.resolve("server.pem"), config.serverPublicKeyFile());
        assertEquals(dir.resolve("state"), config.stateDir());
        assertEquals(dir.resolve("state/control/kampachi.sock"), config.controlSocket());
        assertEquals(TunMtu.DEFAULT, config.tunMtu());
        assertEquals(1419, config.tunMtu());
        assertEquals(0, config.udpPort());
        assertEquals(20, config.keepaliveSeconds());
    }

    @Test
    void errorsNameTheKey() {
        assertKey("server", new JsonObject().put("server", "127.0.0.1"));
        assertKey("server.publicKeyFile", new JsonObject().put("server", new JsonObject().put("publicKeyFile", "k")));
        assertKey("server.fingerprint", minimal().put("server", minimal().getJsonObject("server")
                .put("fingerprint", "nope")));
        assertKey("server.fingerprint", new JsonObject().put("server",
                new JsonObject().put("fingerprint", FINGERPRINT)));
        assertKey("server.port", minimal().put("server", minimal().getJsonObject("server").put("port", 70000)));
        assertKey("server.port", minimal().put("server", minimal().getJsonObject("server").put("port", "x")));
        assertKey("udpPort", minimal().put("udpPort", -1));
        assertKey("tun.name", minimal().put("tun", new JsonObject().put("name", "a very long tun name")));
        assertKey("tun.mtu", minimal().put("tun", new JsonObject().put("mtu", 100)));
        assertKey("tun.colour", minimal().put("tun", new JsonObject().put("colour", "red")));
        assertKey("serverHost", minimal().put("serverHost", "x"));
    }

    @Test
    void unreadableFileNamesTheFile() {
        Path missing = dir.resolve("missing.json");
        ConfigException e = assertThrows(ConfigException.class, () -> ClientConfig.load(missing));
        assertEquals("cannot read config file " + missing + ": no such file", e.getMessage());
        assertEquals(ConfigException.FILE, e.key());
    }

    @Test
    void malformedJsonOnOneLine() throws Exception {
        Path file = dir.resolve("bad.json");
        Files.writeString(file, "{\n");
        ConfigException e = assertThrows(ConfigException.class, () -> ClientConfig.load(file));
        assertTrue(e.getMessage().startsWith("config file " + file + " is not a JSON object: "), e.getMessage());
        assertTrue(e.getMessage().contains("line: 2"), e.getMessage());
        assertFalse(e.getMessage().contains("REDACTED"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
    }

    @Test
    void md5FingerprintIsAccepted() throws Exception {
        JsonObject json = minimal();
        json.getJsonObject("server").put("fingerprint", "MD5:" + "ab:".repeat(15) + "cd");
        assertEquals("MD5:" + "ab:".repeat(15) + "cd", ClientConfig.fromJson(json, dir).serverFingerprint());
    }

    private void assertKey(String key, JsonObject json) {
        ConfigException e = assertThrows(ConfigException.class, () -> ClientConfig.fromJson(json, dir));
        assertEquals(key, e.key(), e.getMessage());
        assertTrue(e.getMessage().startsWith("config key '" + key + "'"), e.getMessage());
    }
}
