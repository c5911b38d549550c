package io.kampachi.mediation.control;

/**
 * Codes carried in the {@code code} member of a CONTROL {@code error} reply. The wire names are
 * fixed by the protocol; a client acts on the code and shows the message.
 */
public enum ErrorCode {
    INVALID_REQUEST("invalid-request"),
    UNKNOWN_TYPE("unknown-type"),
    NOT_LOGGED_IN("not-logged-in"),
    NOT_FOUND("not-found"),
    NAME_TAKEN("name-taken"),
    WRONG_PASSWORD("wrong-password"),
    NOT_OWNER("not-owner"),
    NOT_MEMBER("not-member"),
    ALREADY_MEMBER("already-member"),
    FORBIDDEN("forbidden"),
    RATE_LIMITED("rate-limited"),
    INTERNAL("internal");

    private final String wireName;

    ErrorCode(String wireName) {
        this.wireName = wireName;
    }

    /** The code as it appears on the wire, for example {@code wrong-password}. */
    public String wireName() {
        return wireName;
    }
}
