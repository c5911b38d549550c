package io.kampachi.client.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/** The top-level {@code kampachi-client} command. */
@Command(name = "kampachi-client", mixinStandardHelpOptions = true, version = "Kampachi client 0.1.0",
        scope = ScopeType.INHERIT,
        description = "Kampachi VPN client: run the daemon, or send it a command.",
        subcommands = {
            DaemonCommand.class,
            Commands.Login.class,
            Commands.Logout.class,
            Commands.Create.class,
            Commands.Join.class,
            Commands.Leave.class,
            Commands.Delete.class,
            Commands.ListNetworks.class,
            Commands.Status.class,
            Commands.SetNick.class,
            Commands.GoOnline.class,
            Commands.GoOffline.class,
            Commands.PeerFingerprint.class,
            KeyFingerprintCommand.class,
            CommandLine.HelpCommand.class
        })
public final class ClientCommand implements Runnable {

    @Spec
    CommandSpec spec;

    /** Builds the command line with every subcommand. */
    public static CommandLine commandLine() {
        return new CommandLine(new ClientCommand());
    }

    /** Rejects a command line without a command, so picocli prints the usage to stderr and exits with 2. */
    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing required subcommand");
    }
}
