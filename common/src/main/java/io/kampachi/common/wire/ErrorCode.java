package io.kampachi.common.wire;

import java.util.Optional;

/** The {@code code} member of an {@value ControlTypes#ERROR} reply's body, with its string on the wire. */
public enum ErrorCode {
    /** The request is malformed: a member is missing, has the wrong type or is out of range. */
    INVALID_REQUEST("invalid-request"),
    /** The request's type is not one the server handles. */
    UNKNOWN_TYPE("unknown-type"),
    /** The connection has not completed AUTH. */
    NOT_LOGGED_IN("not-logged-in"),
    /** The network, peer or other object the request names does not exist. */
    NOT_FOUND("not-found"),
    /** A network with the requested name already exists. */
    NAME_TAKEN("name-taken"),
    /** The network password is wrong or missing. */
    WRONG_PASSWORD("wrong-password"),
    /** The request needs the network's owner. */
    NOT_OWNER("not-owner"),
    /** The client is not a member of the network. */
    NOT_MEMBER("not-member"),
    /** The client is already a member of the network. */
    ALREADY_MEMBER("already-member"),
    /** The client may not perform this request. */
    FORBIDDEN("forbidden"),
    /** The client sent too many requests and may retry later. */
    RATE_LIMITED("rate-limited"),
    /** The server failed while handling the request. */
    INTERNAL("internal");

    private final String wireName;

    ErrorCode(String wireName) {
        this.wireName = wireName;
    }

    /** Returns the string sent on the wire, such as {@code wrong-password}. */
    public String wireName() {
        return wireName;
    }

    /** Looks up a wire string, or returns empty if it names no code. */
    public static Optional<ErrorCode> fromWireName(String wireName) {
        for (ErrorCode code : values()) {
            if (code.wireName.equals(wireName)) {
                return Optional.of(code);
            }
        }
        return Optional.empty();
    }
}
