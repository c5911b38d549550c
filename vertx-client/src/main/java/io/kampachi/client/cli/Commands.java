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

    @Command(name = "login", description = "Log in to the mediation server and go online.")
    static final class Login extends DaemonRequestCommand {
        @Override
        String command() {
            return "login";
        }

        @Override
        void printResult(PrintWriter out, JsonObject result) {
            out.println("logged in: address " + result.getString("address") + ", nickname "
                    + orDash(result.getString("nickname")));
        }
    }

    @Command(name = "logout", description = "Log out; every tunnel goes down.")
    static final class Logout extends DaemonRequestCommand {
        @Override
        String command() {
            return "logout";
        }
    }

    @Command(name = "create", description = "Create a network and join it as its owner.")
    static final class Create extends DaemonRequestCommand {
        @Parameters(index = "0", paramLabel = "NAME")
        String name;
        @Parameters(index = "1", paramLabel = "PASSWORD", arity = "0..1")
        String password;

        @Override
        String command() {
            return "create";
        }

        @Override
        JsonObject args() {
            return nameAndPassword(name, password);
        }

        @Override
        void printResult(PrintWriter out, JsonObject result) {
            printNetworkLine(out, "created", result.getJsonObject("network", new JsonObject()));
        }
    }

    @Command(name = "join", description = "Join a network.")
    static final class Join extends DaemonRequestCommand {
        @Parameters(index = "0", paramLabel = "NAME")
        String name;
        @Parameters(index = "1", paramLabel = "PASSWORD", arity = "0..1")
        String password;

        @Override
        String command() {
            return "join";
        }

        @Override
        JsonObject args() {
            return nameAndPassword(name, password);
        }

        @Override
        void printResult(PrintWriter out, JsonObject result) {
            printNetworkLine(out, "joined", result.getJsonObject("network", new JsonObject()));
        }
    }

    @Command(name = "leave", description = "Leave a network.")
    static final class Leave extends DaemonRequestCommand {
        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Override
        String command() {
            return "leave";
        }

        @Override
        JsonObject args() {
            return new JsonObject().put("name", name);
        }
    }

    @Command(name = "delete", description = "Delete a network you own; every member leaves it.")
    static final class Delete extends DaemonRequestCommand {
        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Override
        String command() {
            return "delete";
        }

        @Override
        JsonObject args() {
            return new JsonObject().put("name", name);
        }
    }

    @Command(name = "go-online", description = "Show yourself online in a network again.")
    static final class GoOnline extends DaemonRequestCommand {
        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Override
        String command() {
            return "go-online";
        }

        @Override
        JsonObject args() {
            return new JsonObject().put("name", name);
        }
    }

    @Command(name = "go-offline", description = "Go offline in a network: its tunnels go down, membership stays.")
    static final class GoOffline extends DaemonRequestCommand {
        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Override
        String command() {
            return "go-offline";
        }

        @Override
        JsonObject args() {
            return new JsonObject().put("name", name);
        }
    }

    @Command(name = "set-nick", description = "Set the nickname that other members see.")
    static final class SetNick extends DaemonRequestCommand {
        @Parameters(index = "0", paramLabel = "NICK")
        String nickname;

        @Override
        String command() {
            return "set-nick";
        }

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
        String command() {
            return "peer-fingerprint";
        }

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
        String command() {
            return "list";
        }

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
        String command() {
            return "status";
        }

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

    private static JsonObject nameAndPassword(String name, String password) {
        JsonObject args = new JsonObject().put("name", name);
        if (password != null) {
            args.put("password", password);
        }
        return args;
    }

    private static void printNetworkLine(PrintWriter out, String verb, JsonObject network) {
        out.println(verb + " network " + network.getString("name", "?") + " [" + network.getString("displayId", "?")
                + "]");
    }
}
