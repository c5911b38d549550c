package io.kampachi.mediation.presence;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;

/**
 * Where a logged-in client is: the node holding its control connection and every endpoint the
 * server has learnt for it. Lives in {@link io.kampachi.mediation.cluster.MapNames#SESSIONS} while
 * the session is up.
 *
 * @param address the client's Kampachi address
 * @param sessionId random id of this connection, so that a stale session never removes a newer one
 * @param nodeId Hazelcast member id of the node that accepted the connection
 * @param remoteHost source address of the control connection
 * @param remotePort source port of the control connection
 * @param reportedUdpPort UDP port from {@code endpoint.report}, 0 until reported
 * @param lan LAN endpoints from {@code endpoint.report}
 * @param mappedHost address a probe came from, {@code null} until a probe arrived
 * @param mappedPort port a probe came from, 0 until a probe arrived
 * @param since login time in milliseconds since the epoch
 */
public record SessionRecord(String address, String sessionId, String nodeId, String remoteHost, int remotePort,
        int reportedUdpPort, List<Endpoint> lan, String mappedHost, int mappedPort, long since) {

    public SessionRecord {
        lan = List.copyOf(lan);
    }

    /** Candidate endpoints for peers, most specific first: mapped, reported, then LAN. */
    public List<Endpoint> endpoints() {
        List<Endpoint> endpoints = new ArrayList<>();
        if (mappedHost != null) {
            endpoints.add(new Endpoint(Endpoint.UDP_MAPPED, mappedHost, mappedPort));
        }
        if (reportedUdpPort > 0) {
            endpoints.add(new Endpoint(Endpoint.UDP_REPORTED, remoteHost, reportedUdpPort));
        }
        endpoints.addAll(lan);
        return endpoints;
    }

    public SessionRecord withReport(int udpPort, List<Endpoint> lanEndpoints) {
        return new SessionRecord(address, sessionId, nodeId, remoteHost, remotePort, udpPort, lanEndpoints,
                mappedHost, mappedPort, since);
    }

    public SessionRecord withMapped(String host, int port) {
        return new SessionRecord(address, sessionId, nodeId, remoteHost, remotePort, reportedUdpPort, lan,
                host, port, since);
    }

    public JsonObject toJson() {
        JsonArray lanJson = new JsonArray();
        lan.forEach(endpoint -> lanJson.add(endpoint.toJson()));
        JsonObject json = new JsonObject()
                .put("address", address)
                .put("sessionId", sessionId)
                .put("nodeId", nodeId)
                .put("remoteHost", remoteHost)
                .put("remotePort", remotePort)
                .put("reportedUdpPort", reportedUdpPort)
                .put("lan", lanJson)
                .put("mappedPort", mappedPort)
                .put("since", since);
        if (mappedHost != null) {
            json.put("mappedHost", mappedHost);
        }
        return json;
    }

    public static SessionRecord fromJson(JsonObject json) {
        List<Endpoint> lan = new ArrayList<>();
        JsonArray lanJson = json.getJsonArray("lan", new JsonArray());
        for (int i = 0; i < lanJson.size(); i++) {
            JsonObject entry = lanJson.getJsonObject(i);
            lan.add(new Endpoint(Endpoint.UDP_LAN, entry.getString("host"), entry.getInteger("port")));
        }
        return new SessionRecord(json.getString("address"), json.getString("sessionId"), json.getString("nodeId"),
                json.getString("remoteHost"), json.getInteger("remotePort", 0),
                json.getInteger("reportedUdpPort", 0), lan, json.getString("mappedHost"),
                json.getInteger("mappedPort", 0), json.getLong("since", 0L));
    }
}
