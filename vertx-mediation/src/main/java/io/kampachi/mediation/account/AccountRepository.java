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
     * Creates an account for {@code publicKeyDer}, whose OpenSSH SHA-256 fingerprint is
     * {@code fingerprint}, with a new address from the pool. If this key already registered, the
     * existing account is returned instead, so a client that lost its identity gets the same
     * address back. Fails with {@link AddressPoolExhaustedException} if no address is free.
     */
    Future<Account> register(byte[] publicKeyDer, String fingerprint);

    /** Sets the nickname; fails if the account does not exist. */
    Future<Account> setNickname(String address, String nickname);
}
