package io.kampachi.mediation.network;

import io.vertx.core.Future;

import java.util.List;

/** Cluster-wide store of networks and memberships. Every method completes on the caller's context. */
public interface NetworkRepository {

    /**
     * Creates a network with a fresh id and {@code owner} as its first member, online. Fails with a
     * {@code name-taken} {@link io.kampachi.mediation.control.ControlException} if another network
     * has the same name in any letter case.
     */
    Future<Network> create(String name, String owner, String passwordHash);

    /** Returns the network, or {@code null}. */
    Future<Network> find(long networkId);

    /** Returns the network with this name in any letter case, or {@code null}. */
    Future<Network> findByName(String name);

    /** Returns the memberships of a network, in no particular order. */
    Future<List<Membership>> members(long networkId);

    /** Returns the memberships of an account, in no particular order. */
    Future<List<Membership>> membershipsOf(String address);

    /** Adds a membership; completes with {@code false} if the account was already a member. */
    Future<Boolean> addMember(Membership membership);

    /** Removes a membership; completes with {@code false} if there was none. */
    Future<Boolean> removeMember(long networkId, String address);

    /** Sets a member's online flag and returns the updated membership, or {@code null} if not a member. */
    Future<Membership> setOnline(long networkId, String address, boolean online);

    /** Deletes a network with its name and memberships, and returns the memberships it had. */
    Future<List<Membership>> delete(long networkId);
}
