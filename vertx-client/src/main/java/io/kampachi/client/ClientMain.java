package io.kampachi.client;

import io.kampachi.client.cli.ClientCommand;

/** Entry point of {@code kampachi-client.jar}: the daemon and the CLI that talks to it. */
public final class ClientMain {

    private ClientMain() {
    }

    public static void main(String[] args) {
        System.exit(ClientCommand.commandLine().execute(args));
    }
}
