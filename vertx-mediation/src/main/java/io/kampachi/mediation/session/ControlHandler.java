package io.kampachi.mediation.session;

import io.kampachi.common.wire.ControlTypes;
import io.kampachi.common.wire.ErrorCode;
import io.kampachi.mediation.MediationServices;
import io.kampachi.mediation.config.AddressPool;
import io.kampachi.mediation.control.ControlException;
import io.kampachi.mediation.control.DisplayText;
import io.kampachi.mediation.network.Membership;
import io.kampachi.mediation.network.NetworkIds;
import io.kampachi.mediation.network.NetworkService;
import io.kampachi.mediation.presence.Endpoint;
import io.kampachi.mediation.tunnel.PathKind;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Handles the control requests of one logged-in client. Each request completes with a
 * {@link Reply}: the body of the {@code ok} reply and a follow-up (events to other clients, tunnel
 * changes) that the session starts after the reply is written.
 */
final class ControlHandler {

    /** Maximum nickname length, in UTF-16 units. */
    static final int MAX_NICKNAME_LENGTH = 64;
    /** Most LAN endpoints one client may report. */
    static final int MAX_LAN_ENDPOINTS = 16;

    /** Body of an {@code ok} reply and what to do once it is written. */
    record Reply(JsonObject body, Supplier<Future<Void>> after) {

        static Reply of(JsonObject body) {
            return new Reply(body, Future::succeededFuture);
        }
    }

    private final MediationServices services;
    private final NetworkService networks;
    private final String address;
    private final String sessionId;

    ControlHandler(MediationServices services, String address, String sessionId) {
        this.services = services;
        this.networks = services.networkService();
        this.address = address;
        this.sessionId = sessionId;
    }

    /**
     * Starts handling a request. Unknown types fail with {@code unknown-type}; bad bodies with
     * {@code invalid-request}.
     */
    Future<Reply> handle(String type, JsonObject json) {
        RequestBody body = new RequestBody(json);
        switch (type) {
            case ControlTypes.NETWORK_CREATE:
                return create(body);
            case ControlTypes.NETWORK_JOIN:
                return join(body);
            case ControlTypes.NETWORK_LEAVE:
                return leave(body);
            case ControlTypes.NETWORK_DELETE:
                return delete(body);
            case ControlTypes.NETWORK_LIST:
                return networks.list(address).map(list -> Reply.of(new JsonObject().put("networks", list)));
            case ControlTypes.NETWORK_PRESENCE:
                return presence(body);
            case ControlTypes.NICKNAME_SET:
                return nickname(body);
            case ControlTypes.PEER_KEY:
                return peerKey(body);
            case ControlTypes.ENDPOINT_REPORT:
                return endpointReport(body);
            case ControlTypes.TUNNEL_STATUS:
                return tunnelStatus(body);
            default:
                throw new ControlException(ErrorCode.UNKNOWN_TYPE, "unknown request type \"" + type + "\"");
        }
    }

    private Future<Reply> create(RequestBody body) {
        String name = body.string("name", NetworkService.MAX_NAME_LENGTH);
        String password = body.optionalString("password", NetworkService.MAX_PASSWORD_LENGTH);
        return networks.create(address, name, password)
                .compose(networks::view)
                .map(view -> Reply.of(new JsonObject().put("network", view)));
    }

    private Future<Reply> join(RequestBody body) {
        String name = body.string("name", NetworkService.MAX_NAME_LENGTH);
        String password = body.optionalString("password", NetworkService.MAX_PASSWORD_LENGTH);
        return networks.join(address, name, password).compose(network -> networks.view(network)
                .map(view -> new Reply(new JsonObject().put("network", view),
                        () -> networks.announceJoin(network.id(), address))));
    }

    private Future<Reply> leave(RequestBody body) {
        long networkId = networkId(body);
        return networks.leave(address, networkId)
                .map(network -> new Reply(new JsonObject(), () -> networks.announceLeave(networkId, address)));
    }

    private Future<Reply> delete(RequestBody body) {
        long networkId = networkId(body);
        return networks.delete(address, networkId).map(former -> new Reply(new JsonObject(),
                () -> networks.announceDelete(networkId, address, former)));
    }

    private Future<Reply> presence(RequestBody body) {
        long networkId = networkId(body);
        boolean online = body.bool("online");
        return networks.setPresence(address, networkId, online).map(membership -> new Reply(new JsonObject(),
                () -> networks.announcePresence(networkId, address, online)));
    }

    private Future<Reply> nickname(RequestBody body) {
        String nickname = body.string("nickname", MAX_NICKNAME_LENGTH);
        if (!DisplayText.isAcceptable(nickname, Normalizer.Form.NFC)) {
            throw RequestBody.invalid("nickname", "1 to " + MAX_NICKNAME_LENGTH
                    + " characters in NFC form, without control, format or private-use characters or surrounding"
                    + " spaces");
        }
        return services.accounts().setNickname(address, nickname)
                .map(account -> new Reply(new JsonObject(), () -> networks.announceNickname(address)));
    }

    private Future<Reply> peerKey(RequestBody body) {
        String peer = dottedQuad(body, "address");
        return sharesNetwork(peer).compose(shared -> {
            if (!shared) {
                throw new ControlException(ErrorCode.FORBIDDEN, "no network shared with " + peer);
            }
            return services.accounts().find(peer);
        }).map(account -> {
            if (account == null) {
                throw new ControlException(ErrorCode.NOT_FOUND, "no account " + peer);
            }
            return Reply.of(new JsonObject()
                    .put("address", account.address())
                    .put("publicKey", account.publicKey())
                    .put("fingerprint", account.fingerprint()));
        });
    }

    private Future<Boolean> sharesNetwork(String peer) {
        return services.networks().membershipsOf(address).compose(mine -> services.networks().membershipsOf(peer)
                .map(theirs -> {
                    Set<Long> common = new HashSet<>();
                    mine.forEach(membership -> common.add(membership.networkId()));
                    return theirs.stream().map(Membership::networkId).anyMatch(common::contains);
                }));
    }

    private Future<Reply> endpointReport(RequestBody body) {
        int udpPort = (int) body.integer("udpPort", 0, 65535);
        JsonArray lanJson = body.optionalArray("lan", MAX_LAN_ENDPOINTS);
        List<Endpoint> lan = new ArrayList<>();
        for (int i = 0; i < lanJson.size(); i++) {
            Object entry = lanJson.getValue(i);
            if (!(entry instanceof JsonObject)) {
                throw RequestBody.invalid("lan[" + i + "]", "an object {host, port}");
            }
            RequestBody endpoint = new RequestBody((JsonObject) entry);
            lan.add(new Endpoint(Endpoint.UDP_LAN, dottedQuad(endpoint, "host"),
                    (int) endpoint.integer("port", 1, 65535)));
        }
        return services.presenceService().updateEndpoints(address, sessionId, record -> record.withReport(udpPort, lan))
                .map(changed -> new Reply(new JsonObject(), () -> changed
                        ? services.broker().endpointsChanged(address)
                        : Future.succeededFuture()));
    }

    private Future<Reply> tunnelStatus(RequestBody body) {
        String peer = dottedQuad(body, "peer");
        String pathName = body.string("path", 16);
        PathKind path = PathKind.fromWireName(pathName).orElseThrow(() -> RequestBody.invalid("path",
                "direct-udp, direct-tcp, relay-udp, relay-tcp or down"));
        return services.broker().reportPath(address, peer, path).map(found -> {
            if (!found) {
                throw new ControlException(ErrorCode.NOT_FOUND, "no tunnel to " + peer);
            }
            return Reply.of(new JsonObject());
        });
    }

    private static long networkId(RequestBody body) {
        return body.integer("networkId", 1, NetworkIds.BOUND - 1);
    }

    private static String dottedQuad(RequestBody body, String member) {
        String value = body.string(member, 15);
        try {
            AddressPool.parseAddress(value);
        } catch (IllegalArgumentException e) {
            throw RequestBody.invalid(member, "an IPv4 address as a dotted quad");
        }
        return value;
    }
}
