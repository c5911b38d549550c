package io.kampachi.mediation.account;

/** Registration found no free address in the configured pool. */
public final class AddressPoolExhaustedException extends RuntimeException {

    public AddressPoolExhaustedException(String message) {
        super(message);
    }
}
