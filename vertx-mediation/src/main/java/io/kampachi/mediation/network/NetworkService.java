package io.kampachi.mediation.network;

import io.kampachi.common.wire.ControlTypes;
import io.kampachi.common.wire.ErrorCode;
import io.kampachi.mediation.account.Account;
import io.kampachi.mediation.account.AccountRepository;
import io.kampachi.mediation.bus.ClientNotifier;
import io.kampachi.mediation.control.ControlException;
import io.kampachi.mediation.control.DisplayText;
import io.kampachi.mediation.presence.PresenceRepository;
import io.kampachi.mediation.presence.SessionRecord;
import io.kampachi.mediation.support.Futures;
import io.kampachi.mediation.tunnel.TunnelBroker;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Network requests of logged-in clients: create, join, leave, delete, list and per-network
 * presence. Each request method checks and changes the stored state and completes with what the
 * reply needs; the matching {@code announce...} method then notifies the other members and adjusts
 * tunnels. The session calls it after writing the reply, so the requester sees its reply before
 * any event that the request caused.
 */
public final class NetworkService {

    /** Maximum network name length, in UTF-16 units. */
    public static final int MAX_NAME_LENGTH = 64;
    /** Maximum network password length, in UTF-16 units. */
    public static final int MAX_PASSWORD_LENGTH = 128;

    private static final Logger LOG = LoggerFactory.getLogger(NetworkService.class);

    private final NetworkRepository networks;
    private final AccountRepository accounts;
    private final PresenceRepository presence;
    private final PasswordHasher hasher;
    private final ClientNotifier notifier;
    private final TunnelBroker broker;
    private final int maxNetworks;
    private final int maxMembers;

    /**
     * @param maxNetworks networks one account may own or belong to
     * @param maxMembers members one network may have, its owner included
     */
    public NetworkService(NetworkRepository networks, AccountRepository accounts, PresenceRepository presence,
            PasswordHasher hasher, ClientNotifier notifier, TunnelBroker broker, int maxNetworks, int maxMembers) {
        this.maxNetworks = maxNetworks;
        this.maxMembers = maxMembers;
        this.networks = networks;
        this.accounts = accounts;
        this.presence = presence;
        this.hasher = hasher;
        this.notifier = notifier;
        this.broker = broker;
    }

    /** Creates a network owned by {@code owner}. An empty or absent password means none. */
    public Future<Network> create(String owner, String name, String password) {
        checkName(name);
        checkPassword(password);
        return checkNetworkCount(owner).compose(ignored -> password == null || password.isEmpty()
                ? Future.succeededFuture((String) null)
                : hasher.hash(password))
                .compose(passwordHash -> networks.create(name, owner, passwordHash))
                .onSuccess(network -> LOG.info("network created networkId={} owner={} password={}",
                        NetworkIds.display(network.id()), owner, network.hasPassword()));
    }

    /** Adds {@code address} to the network called {@code name}, checking the password if the network has one. */
    public Future<Network> join(String address, String name, String password) {
        checkPassword(password);
        return networks.findByName(name).compose(network -> {
            if (network == null) {
                throw new ControlException(ErrorCode.NOT_FOUND, "no network named \"" + name + "\"");
            }
            return checkRoom(network, address).compose(ignored -> checkNetworkCount(address))
                    .compose(ignored -> joinChecked(network, address, name, password));
        });
    }

    private Future<Network> joinChecked(Network network, String address, String name, String password) {
        Future<Boolean> allowed;
        if (!network.hasPassword()) {
            allowed = Future.succeededFuture(true);
        } else if (password == null) {
            allowed = Future.succeededFuture(false);
        } else {
            allowed = hasher.verify(password, network.passwordHash());
        }
        return allowed.compose(ok -> {
            if (!ok) {
                LOG.info("network join rejected networkId={} address={} reason=wrong-password",
                        NetworkIds.display(network.id()), address);
                throw new ControlException(ErrorCode.WRONG_PASSWORD, "wrong password for network \"" + name
                        + "\"");
            }
            Membership membership = new Membership(network.id(), address, Membership.MEMBER, true,
                    System.currentTimeMillis());
            return networks.addMember(membership);
        }).compose(added -> {
            if (!added) {
                throw new ControlException(ErrorCode.ALREADY_MEMBER, "already a member of \"" + name + "\"");
            }
            return rollBackIfDeleted(network, address, name);
        }).map(ignored -> {
            LOG.info("network joined networkId={} address={}", NetworkIds.display(network.id()), address);
            return network;
        });
    }

    /**
     * Removes the membership just added if the network was deleted meanwhile, and fails with {@code not-found}.
     * A delete that ran before the membership was added did not see it, so without this check it would stay behind.
     */
    private Future<Void> rollBackIfDeleted(Network network, String address, String name) {
        return networks.find(network.id()).compose(current -> {
            if (current != null) {
                return Future.succeededFuture();
            }
            LOG.info("network join rolled back networkId={} address={} reason=deleted",
                    NetworkIds.display(network.id()), address);
            return networks.removeMember(network.id(), address).map(removed -> {
                throw new ControlException(ErrorCode.NOT_FOUND, "network \"" + name
                        + "\" was deleted while joining it");
            });
        });
    }

    /**
     * Fails with {@code already-member} if {@code address} is in the network, and with {@code forbidden} if the
     * network has {@code maxMembers} members. Both limits keep every sync within one envelope.
     *
     * <p>NOTE: the check and the join are separate steps, so joins racing from several sessions can take a network a
     * few members past the limit. {@link io.kampachi.mediation.config.SyncBudget} assumes the longest names, which
     * leaves room for that in practice.
     */
    private Future<Void> checkRoom(Network network, String address) {
        return networks.members(network.id()).map(members -> {
            if (members.stream().anyMatch(member -> member.address().equals(address))) {
                throw new ControlException(ErrorCode.ALREADY_MEMBER, "already a member of \"" + network.name() + "\"");
            }
            if (members.size() >= maxMembers) {
                LOG.info("network join rejected networkId={} address={} reason=full members={}",
                        NetworkIds.display(network.id()), address, members.size());
                throw new ControlException(ErrorCode.FORBIDDEN, "network \"" + network.name() + "\" is full: it has "
                        + members.size() + " members, the maximum is " + maxMembers);
            }
            return null;
        });
    }

    /** Fails with {@code forbidden} if {@code address} already belongs to {@code maxNetworks} networks. */
    private Future<Void> checkNetworkCount(String address) {
        return networks.membershipsOf(address).map(memberships -> {
            if (memberships.size() >= maxNetworks) {
                LOG.info("network limit reached address={} networks={}", address, memberships.size());
                throw new ControlException(ErrorCode.FORBIDDEN, "an account may belong to at most " + maxNetworks
                        + " networks; leave or delete one first");
            }
            return null;
        });
    }

    /** Tells the other members that {@code address} joined and opens its tunnels. */
    public Future<Void> announceJoin(long networkId, String address) {
        return memberView(networkId, address).compose(member -> {
            notifyOthers(networkId, address, ControlTypes.MEMBER_JOINED,
                    new JsonObject().put("networkId", networkId).put("member", member));
            return broker.connect(address);
        });
    }

    /** Removes {@code address} from a network. The owner cannot leave; it deletes the network instead. */
    public Future<Network> leave(String address, long networkId) {
        return existing(networkId).compose(network -> {
            if (network.owner().equals(address)) {
                throw new ControlException(ErrorCode.FORBIDDEN, "the owner deletes a network instead of leaving it");
            }
            return networks.removeMember(networkId, address).map(removed -> {
                if (!removed) {
                    throw new ControlException(ErrorCode.NOT_MEMBER, "not a member of network "
                            + NetworkIds.display(networkId));
                }
                LOG.info("network left networkId={} address={}", NetworkIds.display(networkId), address);
                return network;
            });
        });
    }

    /** Tells the remaining members that {@code address} left and closes tunnels it no longer needs. */
    public Future<Void> announceLeave(long networkId, String address) {
        return accounts.find(address).compose(account -> {
            JsonObject member = new JsonObject().put("address", address)
                    .put("nickname", account == null ? "" : account.nickname()).put("online", false);
            notifyOthers(networkId, address, ControlTypes.MEMBER_LEFT,
                    new JsonObject().put("networkId", networkId).put("member", member));
            return broker.reconcile(address);
        });
    }

    /** Deletes a network; only its owner may. Completes with the memberships it had. */
    public Future<List<Membership>> delete(String address, long networkId) {
        return existing(networkId).compose(network -> {
            if (!network.owner().equals(address)) {
                throw new ControlException(ErrorCode.NOT_OWNER, "only the owner may delete network "
                        + NetworkIds.display(networkId));
            }
            return networks.delete(networkId);
        }).onSuccess(former -> LOG.info("network deleted networkId={} owner={} members={}",
                NetworkIds.display(networkId), address, former.size()));
    }

    /** Tells the former members that the network is gone and closes the tunnels nothing else justifies. */
    public Future<Void> announceDelete(long networkId, String requester, List<Membership> former) {
        List<String> addresses = former.stream().map(Membership::address).toList();
        notifier.sendAll(addresses.stream().filter(a -> !a.equals(requester)).toList(), ControlTypes.NETWORK_DELETED,
                new JsonObject().put("networkId", networkId));
        return Futures.sequence(addresses, broker::reconcile);
    }

    /** Sets whether {@code address} is online in one network. */
    public Future<Membership> setPresence(String address, long networkId, boolean online) {
        return existing(networkId).compose(network -> networks.setOnline(networkId, address, online))
                .map(updated -> {
                    if (updated == null) {
                        throw new ControlException(ErrorCode.NOT_MEMBER, "not a member of network "
                                + NetworkIds.display(networkId));
                    }
                    return updated;
                });
    }

    /** Tells the other members about a presence change and opens or closes tunnels to match it. */
    public Future<Void> announcePresence(long networkId, String address, boolean online) {
        notifyOthers(networkId, address, ControlTypes.PRESENCE,
                new JsonObject().put("networkId", networkId).put("address", address).put("online", online));
        return online ? broker.connect(address) : broker.reconcile(address);
    }

    /**
     * Tells the members of every network where {@code address} is online that its session came up
     * or went away.
     */
    public Future<Void> announceSession(String address, boolean online) {
        return networks.membershipsOf(address).map(memberships -> {
            for (Membership membership : memberships) {
                if (membership.online()) {
                    notifyOthers(membership.networkId(), address, ControlTypes.PRESENCE, new JsonObject()
                            .put("networkId", membership.networkId()).put("address", address).put("online", online));
                }
            }
            return null;
        });
    }

    /** Tells the members of every network of {@code address} about its new nickname. */
    public Future<Void> announceNickname(String address) {
        return networks.membershipsOf(address).compose(memberships -> Futures.sequence(memberships,
                membership -> memberView(membership.networkId(), address).onSuccess(member -> notifyOthers(
                        membership.networkId(), address, ControlTypes.MEMBER_UPDATED,
                        new JsonObject().put("networkId", membership.networkId()).put("member", member)))));
    }

    /** Returns the protocol view of every network {@code address} belongs to, sorted by name. */
    public Future<JsonArray> list(String address) {
        return networks.membershipsOf(address).compose(memberships -> {
            List<JsonObject> views = new ArrayList<>();
            return Futures.sequence(memberships, membership -> networks.find(membership.networkId())
                    .compose(network -> network == null
                            ? Future.succeededFuture()
                            : view(network).onSuccess(views::add)))
                    .map(ignored -> {
                        views.sort(Comparator.comparing(view -> view.getString("name").toLowerCase(Locale.ROOT)));
                        return new JsonArray(new ArrayList<>(views));
                    });
        });
    }

    /**
     * Builds the protocol view of a network:
     * {@code {id, displayId, name, owner, hasPassword, members: [{address, nickname, online}]}}.
     * A member is online when its session is up and its online flag in this network is set.
     */
    public Future<JsonObject> view(Network network) {
        return networks.members(network.id()).compose(members -> {
            List<String> addresses = members.stream().map(Membership::address).toList();
            return accounts.findAll(addresses).compose(known -> presence.findAll(addresses).map(online -> {
                JsonArray memberViews = new JsonArray();
                members.stream()
                        .sorted(Comparator.comparing(Membership::joinedAt).thenComparing(Membership::address))
                        .forEach(member -> memberViews.add(memberJson(member, known, online)));
                return new JsonObject()
                        .put("id", network.id())
                        .put("displayId", NetworkIds.display(network.id()))
                        .put("name", network.name())
                        .put("owner", network.owner())
                        .put("hasPassword", network.hasPassword())
                        .put("members", memberViews);
            }));
        });
    }

    private static JsonObject memberJson(Membership member, Map<String, Account> known,
            Map<String, SessionRecord> online) {
        Account account = known.get(member.address());
        return new JsonObject()
                .put("address", member.address())
                .put("nickname", account == null ? "" : account.nickname())
                .put("online", member.online() && online.containsKey(member.address()));
    }

    private Future<JsonObject> memberView(long networkId, String address) {
        Future<Map<String, Account>> known = accounts.findAll(List.of(address));
        Future<Map<String, SessionRecord>> online = presence.findAll(List.of(address));
        Future<List<Membership>> members = networks.members(networkId);
        return Future.all(known, online, members).map(ignored -> {
            Membership membership = members.result().stream()
                    .filter(m -> m.address().equals(address))
                    .findFirst()
                    .orElse(new Membership(networkId, address, Membership.MEMBER, false, 0));
            return memberJson(membership, known.result(), online.result());
        });
    }

    private void notifyOthers(long networkId, String subject, String type, JsonObject body) {
        networks.members(networkId).onSuccess(members -> notifier.sendAll(members.stream()
                .map(Membership::address)
                .filter(address -> !address.equals(subject))
                .toList(), type, body));
    }

    private Future<Network> existing(long networkId) {
        return networks.find(networkId).map(network -> {
            if (network == null) {
                throw new ControlException(ErrorCode.NOT_FOUND, "no network " + NetworkIds.display(networkId));
            }
            return network;
        });
    }

    /**
     * Checks a new network name. NFKC is required, not only NFC, so that full-width and other compatibility
     * variants of a name cannot be registered beside it.
     */
    private static void checkName(String name) {
        if (name == null || name.length() > MAX_NAME_LENGTH || !DisplayText.isAcceptable(name, Normalizer.Form.NFKC)) {
            throw new ControlException(ErrorCode.INVALID_REQUEST, "name: expected 1 to " + MAX_NAME_LENGTH
                    + " characters in NFKC form, without control, format or private-use characters or surrounding"
                    + " spaces");
        }
    }

    private static void checkPassword(String password) {
        if (password != null && password.length() > MAX_PASSWORD_LENGTH) {
            throw new ControlException(ErrorCode.INVALID_REQUEST, "password: expected at most "
                    + MAX_PASSWORD_LENGTH + " characters");
        }
    }
}
