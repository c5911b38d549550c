package io.kampachi.common.protect;

import java.util.Set;

/**
 * Next-header values of protected messages, with their IANA protocol-number meanings as in ESP.
 */
public final class NextHeader {

    /** An IPv4 packet (IP-in-IP). */
    public static final int IPV4 = 4;

    /** An IPv6 packet. */
    public static final int IPV6 = 41;

    /** No next header: a dummy or keep-alive message whose payload is ignored. */
    public static final int DUMMY = 59;

    /** A control message on the client-server channel; 253 is reserved for experiments by RFC 3692. */
    public static final int CONTROL = 253;

    /** Next headers of a peer-to-peer tunnel: IP packets and keep-alives. */
    public static final Set<Integer> PEER_TUNNEL = Set.of(IPV4, IPV6, DUMMY);

    /** Next headers of the client-server channel: control messages and keep-alives. */
    public static final Set<Integer> CLIENT_SERVER = Set.of(CONTROL, DUMMY);

    private NextHeader() {
    }
}
