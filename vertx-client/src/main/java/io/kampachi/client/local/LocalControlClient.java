package io.kampachi.client.local;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;

/** The CLI's end of the daemon channel: sends one request and waits for its reply. */
public final class LocalControlClient {

    private LocalControlClient() {
    }

    /**
     * Sends {@code command} with {@code args} and returns the daemon's reply object.
     *
     * @throws IOException if no daemon listens on {@code socketPath} or the reply is not a JSON object
     */
    public static JsonObject request(Path socketPath, String command, JsonObject args) throws IOException {
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            channel.connect(UnixDomainSocketAddress.of(socketPath));
            LocalProtocol.writeLine(channel, new JsonObject().put("command", command).put("args", args));
            String line = LocalProtocol.readLine(channel);
            if (line == null) {
                throw new IOException("the daemon closed the connection without a reply");
            }
            try {
                return new JsonObject(line);
            } catch (DecodeException e) {
                throw new IOException("the daemon's reply is not a JSON object", e);
            }
        }
    }

    /** Returns true if something accepts connections on {@code socketPath}. */
    static boolean answers(Path socketPath) {
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            channel.connect(UnixDomainSocketAddress.of(socketPath));
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
