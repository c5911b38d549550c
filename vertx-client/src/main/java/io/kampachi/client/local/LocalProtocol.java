package io.kampachi.client.local;

import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;

/**
 * The CLI channel's framing: one UTF-8 JSON object per line, at most {@link #MAX_LINE} bytes.
 *
 * <pre>
 *   request:  {"command": "join", "args": {"name": "lab", "password": "..."}}
 *   success:  {"ok": true, "result": {...}}
 *   failure:  {"ok": false, "error": {"code": "wrong-password", "message": "..."}}
 * </pre>
 */
public final class LocalProtocol {

    /** Longest accepted line, newline excluded. */
    public static final int MAX_LINE = 1 << 20;

    private LocalProtocol() {
    }

    /** Builds a success reply. */
    public static JsonObject ok(JsonObject result) {
        return new JsonObject().put("ok", true).put("result", result);
    }

    /** Builds a failure reply. */
    public static JsonObject error(String code, String message) {
        return new JsonObject().put("ok", false)
                .put("error", new JsonObject().put("code", code).put("message", message));
    }

    /** Writes one JSON line. */
    static void writeLine(SocketChannel channel, JsonObject json) throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap((json.encode() + "\n").getBytes(StandardCharsets.UTF_8));
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
    }

    /**
     * Reads one line, or returns null if the peer closed before sending anything.
     *
     * @throws IOException if the line grows past {@link #MAX_LINE} bytes or the read fails
     */
    static String readLine(SocketChannel channel) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        ByteBuffer buffer = ByteBuffer.allocate(4096);
        while (true) {
            buffer.clear();
            int n = channel.read(buffer);
            if (n < 0) {
                return line.size() == 0 ? null : line.toString(StandardCharsets.UTF_8);
            }
            buffer.flip();
            while (buffer.hasRemaining()) {
                byte b = buffer.get();
                if (b == '\n') {
                    return line.toString(StandardCharsets.UTF_8);
                }
                line.write(b);
                if (line.size() > MAX_LINE) {
                    throw new IOException("line longer than " + MAX_LINE + " bytes");
                }
            }
        }
    }
}
