package io.kampachi.client.cli;

import io.kampachi.client.config.ClientConfig;
import io.kampachi.client.config.ConfigException;
import io.kampachi.client.local.LocalControlClient;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Base of every CLI command that sends one request to the running daemon and prints the reply.
 *
 * <p>Exit codes: 0 done, 1 the daemon or the server rejected the request, 3 no daemon could be reached or the
 * configuration is unusable (picocli itself uses 2 for a usage error).
 */
abstract class DaemonRequestCommand implements Callable<Integer> {

    static final int EXIT_REJECTED = 1;
    static final int EXIT_UNREACHABLE = 3;

    @Spec
    CommandSpec spec;

    @Option(names = {"-s", "--socket"}, paramLabel = "PATH", description = "Daemon control socket.")
    Path socket;

    @Option(names = {"-c", "--config"}, paramLabel = "FILE",
            description = "Daemon config file; its controlSocket is used when --socket is not given.")
    Path config;

    /** Returns the request's command name on the daemon channel, which is the command's own {@code @Command} name. */
    String command() {
        return getClass().getAnnotation(Command.class).name();
    }

    /** Returns the request's arguments. */
    JsonObject args() {
        return new JsonObject();
    }

    /** Prints a successful reply; the default prints "ok". */
    void printResult(PrintWriter out, JsonObject result) {
        out.println("ok");
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Path path;
        try {
            path = socketPath();
        } catch (ConfigException e) {
            err.println("error: " + e.getMessage());
            return EXIT_UNREACHABLE;
        }
        JsonObject reply;
        try {
            reply = LocalControlClient.request(path, command(), args());
        } catch (IOException e) {
            err.println("error: no Kampachi daemon answers on " + path + " (" + e.getMessage() + ")");
            return EXIT_UNREACHABLE;
        }
        if (reply.getBoolean("ok", false)) {
            printResult(out, reply.getJsonObject("result", new JsonObject()));
            out.flush();
            return 0;
        }
        JsonObject error = reply.getJsonObject("error", new JsonObject());
        err.println("error: " + error.getString("message", "request rejected") + " ["
                + error.getString("code", "unknown") + "]");
        return EXIT_REJECTED;
    }

    private Path socketPath() throws ConfigException {
        if (socket != null) {
            return socket;
        }
        if (config != null) {
            return ClientConfig.load(config).controlSocket();
        }
        return ClientConfig.defaultControlSocket(ClientConfig.defaultStateDir(ClientConfig.userHome()));
    }
}
