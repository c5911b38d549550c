package io.kampachi.mediation.control;

/** Values of the {@code type} member of CONTROL envelopes that the mediation server reads or writes. */
public final class ControlTypes {

    public static final String OK = "ok";
    public static final String ERROR = "error";

    public static final String KEEPALIVE = "keepalive";
    public static final String NETWORK_CREATE = "network.create";
    public static final String NETWORK_JOIN = "network.join";
    public static final String NETWORK_LEAVE = "network.leave";
    public static final String NETWORK_DELETE = "network.delete";
    public static final String NETWORK_LIST = "network.list";
    public static final String NETWORK_PRESENCE = "network.presence";
    public static final String NICKNAME_SET = "nickname.set";
    public static final String PEER_KEY = "peer.key";
    public static final String ENDPOINT_REPORT = "endpoint.report";
    public static final String TUNNEL_STATUS = "tunnel.status";

    public static final String SYNC = "sync";
    public static final String MEMBER_JOINED = "member.joined";
    public static final String MEMBER_LEFT = "member.left";
    public static final String MEMBER_UPDATED = "member.updated";
    public static final String PRESENCE = "presence";
    public static final String NETWORK_DELETED = "network.deleted";
    public static final String TUNNEL_OPEN = "tunnel.open";
    public static final String TUNNEL_CLOSE = "tunnel.close";
    public static final String PEER_LOST = "peer.lost";

    private ControlTypes() {
    }
}
