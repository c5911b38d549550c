package io.kampachi.client.local;

import io.kampachi.client.state.StateDirectory;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import jdk.net.ExtendedSocketOptions;
import jdk.net.UnixDomainPrincipal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daemon's end of the CLI channel: a Unix domain socket, mode 0600 inside a 0700 directory, that accepts one
 * JSON request line per connection and writes one JSON reply line (see {@link LocalProtocol}).
 *
 * <p>The accept loop runs on its own thread and each connection on a small bounded pool, so no event loop ever
 * blocks here. A peer whose {@code SO_PEERCRED} user is neither the daemon's user nor root is turned away.
 */
public final class LocalControlServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LocalControlServer.class);
    private static final long REQUEST_TIMEOUT_SECONDS = 30;

    private final Path socketPath;
    private final ServerSocketChannel server;
    private final LocalRequestHandler handler;
    private final ExecutorService workers;
    private final Thread acceptThread;
    private final String ownerName = System.getProperty("user.name");

    private LocalControlServer(Path socketPath, ServerSocketChannel server, LocalRequestHandler handler) {
        this.socketPath = socketPath;
        this.server = server;
        this.handler = handler;
        this.workers = new ThreadPoolExecutor(1, 4, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(64), runnable -> {
            Thread thread = new Thread(runnable, "kampachi-cli-worker");
            thread.setDaemon(true);
            return thread;
        });
        this.acceptThread = new Thread(this::acceptLoop, "kampachi-cli-accept");
        this.acceptThread.setDaemon(true);
    }

    /**
     * Binds the socket and starts accepting. A leftover socket file from a daemon that is gone is replaced.
     *
     * @throws IOException if another daemon listens on the path or the socket cannot be bound
     */
    public static LocalControlServer start(Path socketPath, LocalRequestHandler handler) throws IOException {
        StateDirectory.ensurePrivateDirectory(socketPath.toAbsolutePath().getParent());
        if (Files.exists(socketPath)) {
            if (LocalControlClient.answers(socketPath)) {
                throw new IOException(socketPath + ": another daemon is already listening");
            }
            Files.delete(socketPath);
        }
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            server.bind(UnixDomainSocketAddress.of(socketPath));
            Files.setPosixFilePermissions(socketPath, PosixFilePermissions.fromString("rw-------"));
        } catch (IOException e) {
            server.close();
            throw e;
        }
        LocalControlServer control = new LocalControlServer(socketPath, server, handler);
        control.acceptThread.start();
        LOG.info("Control socket listening: path={}", socketPath);
        return control;
    }

    private void acceptLoop() {
        while (server.isOpen()) {
            SocketChannel channel;
            try {
                channel = server.accept();
            } catch (ClosedChannelException e) {
                break;
            } catch (IOException e) {
                LOG.warn("Control socket accept failed: path={} error={}", socketPath, e.getMessage());
                continue;
            }
            try {
                workers.execute(() -> serve(channel));
            } catch (java.util.concurrent.RejectedExecutionException e) {
                LOG.warn("Control socket busy; connection closed: path={}", socketPath);
                closeQuietly(channel);
            }
        }
    }

    private void serve(SocketChannel channel) {
        try (channel) {
            UnixDomainPrincipal peer = channel.getOption(ExtendedSocketOptions.SO_PEERCRED);
            String user = peer.user().getName();
            if (!user.equals(ownerName) && !user.equals("root")) {
                LOG.warn("Control request from another user rejected: user={}", user);
                LocalProtocol.writeLine(channel,
                        LocalProtocol.error("forbidden", "this daemon belongs to " + ownerName));
                return;
            }
            String line = LocalProtocol.readLine(channel);
            LocalProtocol.writeLine(channel, dispatch(line));
        } catch (IOException e) {
            LOG.debug("Control connection failed: error={}", e.getMessage());
        }
    }

    private JsonObject dispatch(String line) {
        if (line == null) {
            return LocalProtocol.error("invalid-request", "empty request");
        }
        JsonObject request;
        try {
            request = new JsonObject(line);
        } catch (DecodeException e) {
            return LocalProtocol.error("invalid-request", "request is not a JSON object");
        }
        Object command = request.getValue("command");
        Object args = request.getValue("args", new JsonObject());
        if (!(command instanceof String) || !(args instanceof JsonObject)) {
            return LocalProtocol.error("invalid-request", "expected {\"command\": string, \"args\": object}");
        }
        try {
            JsonObject result = handler.handle((String) command, (JsonObject) args)
                    .toCompletionStage().toCompletableFuture().get(REQUEST_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            return LocalProtocol.ok(result == null ? new JsonObject() : result);
        } catch (TimeoutException e) {
            return LocalProtocol.error("timeout", "the daemon did not finish '" + command + "' within "
                    + REQUEST_TIMEOUT_SECONDS + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return LocalProtocol.error("internal", "interrupted");
        } catch (java.util.concurrent.ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof CommandException) {
                CommandException rejected = (CommandException) cause;
                return LocalProtocol.error(rejected.code(), rejected.getMessage());
            }
            LOG.warn("Control request failed: command={}", command, cause);
            return LocalProtocol.error("internal", String.valueOf(cause.getMessage()));
        } catch (CommandException e) {
            return LocalProtocol.error(e.code(), e.getMessage());
        }
    }

    /** Returns the socket path. */
    public Path socketPath() {
        return socketPath;
    }

    /** Stops accepting, removes the socket file and stops the workers. */
    @Override
    public void close() {
        closeQuietly(server);
        workers.shutdownNow();
        try {
            acceptThread.join(2000);
            Files.deleteIfExists(socketPath);
        } catch (IOException e) {
            LOG.warn("Control socket file not removed: path={} error={}", socketPath, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        LOG.info("Control socket closed: path={}", socketPath);
    }

    private static void closeQuietly(java.nio.channels.Channel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            LOG.debug("Close failed: error={}", e.getMessage());
        }
    }
}
