package io.memcached4j.core;

import io.memcached4j.ServerAddress;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * One version of a client's server list: the servers in list order, the id the transport knows each
 * by ({@link RequestDispatcher#addServer}), and the ketama ring over them. Immutable: a request routes
 * with the version it read, so a multi-get splits over the servers as of when it is issued.
 */
final class Topology {
    final List<ServerAddress> servers;
    /** The transport's id of each server, by position in {@link #servers}. */
    private final int[] ids;
    /** Routes keys when there are several servers; null for one or none. */
    private final Ketama ketama;
    /** Makes the observer of a server's requests; null when the client has no listener. */
    private final Function<ServerAddress, RequestObserver> observe;
    /** The observer of each server's requests, by position; null when the client has no listener. */
    private final RequestObserver[] observers;

    private Topology(List<ServerAddress> servers, int[] ids, Function<ServerAddress, RequestObserver> observe) {
        this.servers = servers;
        this.ids = ids;
        this.ketama = servers.size() > 1 ? Ketama.of(servers) : null;
        this.observe = observe;
        if (observe == null) {
            this.observers = null;
        } else {
            this.observers = new RequestObserver[servers.size()];
            for (int i = 0; i < observers.length; i++) {
                observers[i] = observe.apply(servers.get(i));
            }
        }
    }

    /**
     * The list a client opens with: ids 0, 1, ... as in {@link RequestDispatcher}.
     *
     * @param observe makes the observer of a server's requests; null when the client has no listener
     */
    static Topology initial(List<ServerAddress> servers, Function<ServerAddress, RequestObserver> observe) {
        int[] ids = new int[servers.size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = i;
        }
        return new Topology(List.copyOf(servers), ids, observe);
    }

    /**
     * Checks a new server list: not null, not empty, no null, no server twice.
     *
     * @return an immutable copy
     * @throws IllegalArgumentException on bad input
     */
    static List<ServerAddress> checkList(List<ServerAddress> servers) {
        if (servers == null) {
            throw new IllegalArgumentException("the server list is null");
        }
        if (servers.isEmpty()) {
            throw new IllegalArgumentException("the server list is empty: a client needs at least one server");
        }
        Set<ServerAddress> seen = new HashSet<>();
        for (ServerAddress server : servers) {
            if (server == null) {
                throw new IllegalArgumentException("the server list holds a null: " + servers);
            }
            if (!seen.add(server)) {
                throw new IllegalArgumentException("server " + server + " is listed twice in " + servers);
            }
        }
        return List.copyOf(servers);
    }

    /**
     * Derives the next version: servers kept keep their ids, added ones get fresh ids from {@code nextId}.
     *
     * @param list a list checked by {@link #checkList}
     * @param nextId the first id never used
     * @return the new version
     */
    Topology next(List<ServerAddress> list, int nextId) {
        Map<ServerAddress, Integer> current = new HashMap<>();
        for (int i = 0; i < ids.length; i++) {
            current.put(servers.get(i), ids[i]);
        }
        int[] newIds = new int[list.size()];
        int fresh = nextId;
        for (int i = 0; i < newIds.length; i++) {
            Integer id = current.get(list.get(i));
            newIds[i] = id != null ? id : fresh++;
        }
        return new Topology(list, newIds, observe);
    }

    /** @return whether both hold the same servers, whatever the order */
    boolean sameServers(List<ServerAddress> list) {
        return list.size() == servers.size() && new HashSet<>(servers).containsAll(list);
    }

    /** @return the servers of this version that {@code other} does not hold, in this version's order */
    List<ServerAddress> without(Topology other) {
        Set<ServerAddress> theirs = new HashSet<>(other.servers);
        List<ServerAddress> result = new ArrayList<>();
        for (ServerAddress s : servers) {
            if (!theirs.contains(s)) {
                result.add(s);
            }
        }
        return result;
    }

    int size() {
        return ids.length;
    }

    /** @return the position in {@link #servers} of the server that owns a key; -1 when there is none */
    int positionFor(String key) {
        if (ketama != null) {
            return ketama.nodeFor(key);
        }
        return ids.length == 0 ? -1 : 0;
    }

    /** @return the transport's id of the server at a position */
    int id(int position) {
        return ids[position];
    }

    /** @return the observer of the requests to the server at a position; null when the client has no listener */
    RequestObserver observer(int position) {
        return observers[position];
    }

    /** @return the position of a server, or -1 */
    int positionOf(ServerAddress server) {
        return servers.indexOf(Objects.requireNonNull(server, "server"));
    }

    /**
     * @return the position of a server of this version
     * @throws IllegalArgumentException when it is not one
     */
    int requirePosition(ServerAddress server) {
        int position = positionOf(server);
        if (position < 0) {
            throw new IllegalArgumentException("server " + server + " is not one of this client's servers " + servers);
        }
        return position;
    }

    /** @return the transport's id of a server of this version */
    int idOf(ServerAddress server) {
        return ids[requirePosition(server)];
    }
}
