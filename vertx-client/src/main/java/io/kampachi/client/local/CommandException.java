package io.kampachi.client.local;

/** A request that the daemon rejected, with a stable error code and a message for people. */
public final class CommandException extends RuntimeException {

    private final String code;

    public CommandException(String code, String message) {
        super(message);
        this.code = code;
    }

    /** Returns the error code: one of the server's control error codes or a daemon code such as {@code offline}. */
    public String code() {
        return code;
    }
}
