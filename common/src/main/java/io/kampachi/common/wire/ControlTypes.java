package io.kampachi.common.wire;

import java.util.Set;

/**
 * Values of the {@code type} member of a control envelope. The bodies listed are JSON objects, and a member marked
 * {@code ?} is optional. A {@code network} is
 * {@code {id, displayId, name, owner, hasPassword, members: [{address, nickname, online}]}} with {@code id} below
 * 10<sup>9</sup>, {@code displayId} its nine digits as {@code 123-456-789}, and addresses as dotted quads.
 */
public final class ControlTypes {

    // Replies to requests, carrying the request's id.

    /** Success reply, whose body depends on the request. */
    public static final String OK = "ok";
    /** Failure reply, body {@code {code, message}} with code from {@link ErrorCode}. */
    public static final String ERROR = "error";

    // Client to server. Every request except keepalive gets a reply.

    /** Keep-alive when idle, body {@code {}}, id 0 and no reply. */
    public static final String KEEPALIVE = "keepalive";
    /** Request {@code {name, password?}}, reply {@code {network}}. */
    public static final String NETWORK_CREATE = "network.create";
    /** Request {@code {name, password?}}, reply {@code {network}}. */
    public static final String NETWORK_JOIN = "network.join";
    /** Request {@code {networkId}}, reply {@code {}}. */
    public static final String NETWORK_LEAVE = "network.leave";
    /** Request {@code {networkId}}, reply {@code {}}. */
    public static final String NETWORK_DELETE = "network.delete";
    /** Request {@code {}}, reply {@code {networks: [network]}}. */
    public static final String NETWORK_LIST = "network.list";
    /** Request {@code {networkId, online}}, reply {@code {}}. */
    public static final String NETWORK_PRESENCE = "network.presence";
    /** Request {@code {nickname}}, reply {@code {}}. */
    public static final String NICKNAME_SET = "nickname.set";
    /** Request {@code {address}}, reply {@code {address, publicKey, fingerprint}} with publicKey as base64 DER. */
    public static final String PEER_KEY = "peer.key";
    /** Request {@code {udpPort, lan: [{host, port}]}}, reply {@code {}}. */
    public static final String ENDPOINT_REPORT = "endpoint.report";
    /**
     * Request {@code {peer, path}}, reply {@code {}}, with path {@code direct-udp}, {@code direct-tcp},
     * {@code relay-udp}, {@code relay-tcp} or {@code down}.
     */
    public static final String TUNNEL_STATUS = "tunnel.status";

    // Server to client events, id 0.

    /** State after login, {@code {address, nickname, probeToken, probePort, networks: [network]}}, token in base64. */
    public static final String SYNC = "sync";
    /** Event {@code {networkId, member}}. */
    public static final String MEMBER_JOINED = "member.joined";
    /** Event {@code {networkId, member}}. */
    public static final String MEMBER_LEFT = "member.left";
    /** Event {@code {networkId, member}}: a member's nickname changed. */
    public static final String MEMBER_UPDATED = "member.updated";
    /** Event {@code {networkId, address, online}}. */
    public static final String PRESENCE = "presence";
    /** Event {@code {networkId}}. */
    public static final String NETWORK_DELETED = "network.deleted";
    /**
     * Event {@code {peer, nickname, inboundSpi, outboundSpi, endpoints: [{kind, host, port}]}} with kind
     * {@code udp-mapped}, {@code udp-reported} or {@code udp-lan}.
     */
    public static final String TUNNEL_OPEN = "tunnel.open";
    /** Event {@code {peer, reason}}. */
    public static final String TUNNEL_CLOSE = "tunnel.close";
    /**
     * Event {@code {peer}}: the server lost the peer's session. The client checks its tunnel to the peer and keeps
     * it while it works.
     */
    public static final String PEER_LOST = "peer.lost";

    /** Types a client sends. */
    public static final Set<String> REQUESTS = Set.of(KEEPALIVE, NETWORK_CREATE, NETWORK_JOIN, NETWORK_LEAVE,
            NETWORK_DELETE, NETWORK_LIST, NETWORK_PRESENCE, NICKNAME_SET, PEER_KEY, ENDPOINT_REPORT, TUNNEL_STATUS);

    /** Events the server sends with id 0. */
    public static final Set<String> EVENTS = Set.of(SYNC, MEMBER_JOINED, MEMBER_LEFT, MEMBER_UPDATED, PRESENCE,
            NETWORK_DELETED, TUNNEL_OPEN, TUNNEL_CLOSE, PEER_LOST);

    /** Reply types. */
    public static final Set<String> REPLIES = Set.of(OK, ERROR);

    private ControlTypes() {
    }
}
