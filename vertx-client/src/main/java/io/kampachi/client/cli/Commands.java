package io.kampachi.client.cli;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** The CLI commands that talk to a running daemon, in the spirit of Hamachi's Linux client. */
final class Commands {

    private Commands() {
    }

    /** Base of the commands whose only argument is a network name, sent as {@code name}. */
    abstract static class NetworkCommand extends DaemonRequestCommand {
        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Override
        JsonObject args() {
            return new JsonObject().put("name", name);
        }
    }

    /**
     * Base of the commands that name a network, may add its password, and print the network from the reply as
     * "VERB network NAME [ID]".
     */
    abstract static class NetworkWithPasswordCommand extends NetworkCommand {
        @Parameters(index = "1", paramLabel = "PASSWORD", arity = "0..1")
        String password;

        private final String verb;

        NetworkWithPasswordCommand(String verb) {
            this.verb = verb;
        }

        @Override
        JsonObject args() {
            JsonObject args = super.args();
            if (password != null) {
                args.put("password", password);
            }
            return args;
        }

        @Override
        void printResult(PrintWriter out, JsonObject result) {
            JsonObject network = result.getJsonObject("network", new JsonObject());
            out.println(verb + " network " + network.getString("name", "?") + " ["
                    + network.getString("displayId", "?") + "]");
        }
    }

    @Command(name = "login", description = "Log in to the mediation server and go online.")
    static final class Login extends DaemonRequestCommand {
        @Override
        void printResult(PrintWriter out, JsonObject result) {
            out.println("logged in: address " + result.getString("address") + ", nickname "
                    + orDash(result.getString("nickname")));
        }
    }

    @Command(name = "logout", description = "Log out; every tunnel goes down.")
    static final class Logout extends DaemonRequestCommand {
    }

    @Command(name = "create", description = "Create a network and join it as its owner.")
    static final class Create extends NetworkWithPasswordCommand {
        Create() {
            super("created");
        }
    }

    @Command(name = "join", description = "Join a network.")
    static final class Join extends NetworkWithPasswordCommand {
        Join() {
            super("joined");
        }
    }

    @Command(name = "leave", description = "Leave a network.")
    static final class Leave extends NetworkCommand {
    }

    @Command(name = "delete", description = "Delete a network you own; every member leaves it.")
    static final class Delete extends NetworkCommand {
    }

    @Command(name = "go-online", description = "Show yourself online in a network again.")
    static final class GoOnline extends NetworkCommand {
    }

    @Command(name = "go-offline", description = "Go offline in a network: its tunnels go down, membership stays.")
    static final class GoOffline extends NetworkCommand {
    }

    @Command(name = "set-nick", description = "Set the nickname that other members see.")
    static final class SetNick extends DaemonRequestCommand {
        @Parameters(index = "0", paramLabel = "NICK")
        String nickname;

        @Override
        JsonObject args() {
            return new JsonObject().put("nickname", nickname);
        }
    }

    @Command(name = "peer-fingerprint", description = "Show the public key fingerprint of a peer.")
    static final class PeerFingerprint extends DaemonRequestCommand {
        @Parameters(index = "0", paramLabel = "ADDRESS", description = "The peer's Kampachi address.")
        String address;

        @Override
        JsonObject args() {
            return new JsonObject().put("address", address);
        }

        @Override
        void printResult(PrintWriter out, JsonObject result) {
            out.println(result.getString("address") + "  " + result.getString("fingerprint"));
            if (result.containsKey("md5")) {
                out.println(result.getString("address") + "  MD5:" + result.getString("md5"));
            }
        }
    }

    @Command(name = "list", description = "List networks, members, their online state and tunnels.")
    static final class ListNetworks extends DaemonRequestCommand {
        @Override
        void printResult(PrintWriter out, JsonObject result) {
            JsonArray networks = result.getJsonArray("networks", new JsonArray());
            if (networks.isEmpty()) {
                out.println("no networks");
            }
            for (Object item : networks) {
                JsonObject network = (JsonObject) item;
                out.printf(" * [%s]  %s%s%n", network.getString("displayId", "?"), network.getString("name", "?"),
                        network.getBoolean("online", true) ? "" : "  (offline)");
                for (Object memberItem : network.getJsonArray("members", new JsonArray())) {
                    JsonObject member = (JsonObject) memberItem;
                    out.printf("     %-15s  %-16s  %-7s  %-10s  %s%n", member.getString("address"),
                            orDash(member.getString("nickname")),
                            member.getBoolean("online", false) ? "online" : "offline",
                            orDash(member.getString("path")), orDash(member.getString("endpoint")));
                }
            }
        }
    }

    @Command(name = "status", description = "Show the login state, address and packet counters.")
    static final class Status extends DaemonRequestCommand {
        @Override
        void printResult(PrintWriter out, JsonObject result) {
            out.printf("state     %s%n", result.getString("state"));
            out.printf("address   %s%n", orDash(result.getString("address")));
            out.printf("nickname  %s%n", orDash(result.getString("nickname")));
            out.printf("server    %s%n", orDash(result.getString("server")));
            String serverKey = result.getString("serverKey");
            out.printf("key       %s%n", serverKey != null ? serverKey
                    : "none pinned: login disabled (set --server-fingerprint and --server-key)");
            out.printf("tun       %s%n", orDash(result.getString("tun")));
            out.printf("udp port  %s%n", orDash(String.valueOf(result.getValue("udpPort", ""))));
            out.printf("mapped    %s%n", orDash(result.getString("mappedEndpoint")));
            JsonObject counters = result.getJsonObject("counters", new JsonObject());
            for (String key : counters.fieldNames()) {
                out.printf("%-28s %s%n", key, counters.getValue(key));
            }
        }
    }

    private static String orDash(String value) {
        return value == null || value.isEmpty() ? "-" : value;
    }
}
