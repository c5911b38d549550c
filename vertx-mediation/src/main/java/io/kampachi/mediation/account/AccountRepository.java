package io.kampachi.mediation.account;

import io.vertx.core.Future;

import java.util.Collection;
import java.util.Map;

/** Cluster-wide store of accounts. Every method completes on the caller's context. */
public interface AccountRepository {

    /** Returns the account with {@code address}, or {@code null} if there is none. */
    Future<Account> find(String address);

    /** Returns the accounts that exist among {@code addresses}, keyed by address. */
    Future<Map<String, Account>> findAll(Collection<String> addresses);

    /**
     * Creates an account for {@code publicKeyDer} with a new address from the pool, or returns the
     * existing account if this key already registered (a client that lost its identity gets the
     * same address back). Fails with {@link AddressPoolExhaustedException} if no address is free.
     */
    Future<Account> register(byte[] publicKeyDer);

    /** Sets the nickname; fails if the account does not exist. */
    Future<Account> setNickname(String address, String nickname);
}
