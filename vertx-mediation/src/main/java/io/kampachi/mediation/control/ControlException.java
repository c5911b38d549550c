package io.kampachi.mediation.control;

import io.kampachi.common.wire.ErrorCode;

/**
 * A control request that the server rejects for a reason the client should see. The session turns
 * it into an {@code error} reply with the same id; anything else that fails a request becomes
 * {@link ErrorCode#INTERNAL} and is logged.
 */
public final class ControlException extends RuntimeException {

    private final ErrorCode code;

    public ControlException(ErrorCode code, String message) {
        super(message, null, false, false);
        this.code = code;
    }

    public ErrorCode code() {
        return code;
    }
}
