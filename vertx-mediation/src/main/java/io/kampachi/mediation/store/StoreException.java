package io.kampachi.mediation.store;

/** A database operation behind a Hazelcast map store failed. */
public final class StoreException extends RuntimeException {

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
