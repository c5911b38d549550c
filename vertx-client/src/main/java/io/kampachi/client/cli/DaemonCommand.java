package io.kampachi.client.cli;

import io.kampachi.client.config.ClientConfig;
import io.kampachi.client.config.ConfigException;
import io.kampachi.client.daemon.ClientDaemon;
import io.kampachi.client.tun.TunFactory;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Runs the daemon in the foreground until SIGINT or SIGTERM. */
@Command(name = "daemon", description = "Run the client daemon: TUN device, control session, tunnels.")
final class DaemonCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = {"-c", "--config"}, paramLabel = "FILE", required = true, description = "JSON config file.")
    Path config;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter err = spec.commandLine().getErr();
        ClientConfig clientConfig;
        try {
            clientConfig = ClientConfig.load(config);
        } catch (ConfigException e) {
            err.println("error: " + e.getMessage());
            return 3;
        }
        ClientDaemon daemon;
        try {
            daemon = ClientDaemon.start(clientConfig, TunFactory.LINUX)
                    .toCompletionStage().toCompletableFuture().join();
        } catch (RuntimeException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            err.println("error: daemon did not start: " + cause.getMessage());
            err.flush();
            return 1;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            daemon.close();
            stopped.countDown();
        }, "kampachi-shutdown"));
        daemon.closeFuture().onComplete(ar -> stopped.countDown());
        stopped.await();
        return 0;
    }
}
