package io.kampachi.common.wire;

import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The field values behind {@code wire/wire-vectors.txt}, built the way {@code gen_vectors.py} builds them, and a
 * loader for the vectors.
 */
final class WireFixtures {

    static final byte[] KEY_FINGERPRINT = fill(16, 0xa0);
    static final byte[] NONCE_I = fill(128, 0x10);
    static final byte[] DH_PUBLIC_I = fill(256, 0x40);
    static final byte[] NONCE_R = fill(128, 0x90);
    static final byte[] DH_PUBLIC_R = fill(256, 0xc0);
    static final byte[] SIGNATURE = fill(256, 0x20);
    static final byte[] PUBLIC_KEY = fill(294, 0x30);
    static final int IDENTITY = 0x19a2b3c4;
    static final byte[] TOKEN = fill(16, 0xe0);
    static final int SPI = 0x8badf00d;

    private WireFixtures() {
    }

    /** Returns the bytes start, start+1, ... (mod 256), as {@code fill} in gen_vectors.py does. */
    static byte[] fill(int length, int start) {
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = (byte) (start + i);
        }
        return bytes;
    }

    static Inet4Address ipv4(String dottedQuad) {
        try {
            return (Inet4Address) InetAddress.getByName(dottedQuad);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(dottedQuad, e);
        }
    }

    /** Returns the messages of the message vectors, by vector name, with the field values gen_vectors.py uses. */
    static Map<String, Message> expectedMessages() {
        Map<String, Message> messages = new LinkedHashMap<>();
        messages.put("helo", new Helo(KEY_FINGERPRINT, NONCE_I, DH_PUBLIC_I));
        messages.put("helo-ok", new HeloOk(NONCE_R, DH_PUBLIC_R));
        messages.put("helo-error", new HeloError(HeloErrorCode.UNSUPPORTED_SUITE,
                "suite 9 is not supported (caf\u00e9 \u2603)"));
        messages.put("helo-error-empty-reason", new HeloError(HeloErrorCode.SERVER_UNAVAILABLE, ""));
        messages.put("register", new Register(PUBLIC_KEY, SIGNATURE));
        messages.put("register-ok", new RegisterOk(IDENTITY));
        messages.put("auth", new Auth(IDENTITY, SIGNATURE));
        messages.put("auth-ok", new AuthOk(SIGNATURE));
        messages.put("ke1", new Ke1(NONCE_I, DH_PUBLIC_I));
        messages.put("ke2", new Ke2(NONCE_R, DH_PUBLIC_R, SIGNATURE));
        messages.put("ke3", new Ke3(NONCE_I, DH_PUBLIC_I, SIGNATURE));
        messages.put("control-request", new Control(ControlTypes.NETWORK_CREATE, 7,
                new JsonObject().put("name", "lan-party").put("password", "s3cret \u2603")));
        messages.put("control-error", Control.error(Control.MAX_ID, ErrorCode.WRONG_PASSWORD, "wrong password"));
        messages.put("control-event", Control.event(ControlTypes.PRESENCE, new JsonObject()
                .put("networkId", 123456789).put("address", "25.162.179.196").put("online", true)));
        messages.put("probe", new Probe(TOKEN));
        messages.put("probe-reply", new ProbeReply(TOKEN, ipv4("203.0.113.7"), 41641));
        return messages;
    }

    /** Loads {@code wire/wire-vectors.txt} as vector name to bytes, in file order. */
    static Map<String, byte[]> loadVectors() {
        Map<String, byte[]> vectors = new LinkedHashMap<>();
        String name = null;
        StringBuilder hex = new StringBuilder();
        for (String line : readResource("wire/wire-vectors.txt").split("\n")) {
            String trimmed = line.strip();
            if (trimmed.startsWith("[")) {
                if (name != null) {
                    vectors.put(name, HexFormat.of().parseHex(hex));
                }
                name = trimmed.substring(1, trimmed.length() - 1);
                hex.setLength(0);
            } else if (!trimmed.isEmpty() && !trimmed.startsWith("#")) {
                hex.append(trimmed);
            }
        }
        if (name != null) {
            vectors.put(name, HexFormat.of().parseHex(hex));
        }
        return vectors;
    }

    private static String readResource(String path) {
        try (InputStream in = WireFixtures.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("test resource " + path + " is missing");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
