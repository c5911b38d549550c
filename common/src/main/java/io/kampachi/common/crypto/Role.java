package io.kampachi.common.crypto;

/**
 * A party's role in a key exchange. The initiator is the client on the client-server channel and
 * the sender of KE1 between peers. The other party is the responder.
 */
public enum Role {
    INITIATOR,
    RESPONDER;

    /** Returns the other party's role. */
    public Role peer() {
        return this == INITIATOR ? RESPONDER : INITIATOR;
    }
}
