package io.kampachi.client.tun;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the iproute2 {@code ip} tool, which configures interfaces in the caller's network namespace. */
public final class IpCommand {

    private static final long TIMEOUT_SECONDS = 10;

    private IpCommand() {
    }

    /**
     * Runs {@code ip} with the given arguments and returns its standard output.
     *
     * @throws IOException if {@code ip} cannot start, runs longer than 10 seconds or exits non-zero; the message
     *     contains the command line and the tool's output
     */
    public static String run(String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add("ip");
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try (InputStream output = process.getInputStream()) {
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException(String.join(" ", command) + ": no exit after " + TIMEOUT_SECONDS + " s");
            }
            String text = new String(output.readAllBytes(), StandardCharsets.UTF_8).trim();
            if (process.exitValue() != 0) {
                throw new IOException(String.join(" ", command) + " exited with " + process.exitValue() + ": " + text);
            }
            return text;
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException(String.join(" ", command) + ": interrupted", e);
        }
    }

    /** Returns true if an {@code ip} tool can be started on this machine. */
    public static boolean available() {
        try {
            run("-V");
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
