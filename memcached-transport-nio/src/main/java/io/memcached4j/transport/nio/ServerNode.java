package io.memcached4j.transport.nio;

import io.memcached4j.ClientListener;
import io.memcached4j.MemcachedAuthenticationException;
import io.memcached4j.MemcachedConnectionException;
import io.memcached4j.ServerAddress;
import io.memcached4j.core.IoThreadGuard;

import java.net.InetSocketAddress;

/** One server and its connections; picks the connection a request goes to. */
final class ServerNode {
    final ServerAddress address;
    final InetSocketAddress socketAddress;
    /** The client's guard, for the futures of this server's requests. */
    final IoThreadGuard guard;
    final Wires wires;
    /** The client's listeners as one, null when there is none; told about connections going up and down. */
    final ClientListener listener;
    private Connection[] connections = new Connection[0];
    /** Removed from the client's server list: takes no new request. */
    private volatile boolean removed;

    ServerNode(ServerAddress address, IoThreadGuard guard, Wires wires, ClientListener listener) {
        this(address, new InetSocketAddress(address.host(), address.port()), guard, wires, listener);
    }

    private ServerNode(ServerAddress address, InetSocketAddress socketAddress, IoThreadGuard guard, Wires wires,
                       ClientListener listener) {
        this.address = address;
        this.listener = listener;
        this.guard = guard;
        this.wires = wires;
        this.socketAddress = socketAddress;
    }

    /**
     * Takes this server out of service: no new request goes to it, and each connection finishes what
     * it was given, then closes ({@link Connection#retire}).
     *
     * @return what stands for it from now on: a node without connections that fails requests saying
     *     the server was removed, so that the retired connections and their buffers can be freed
     */
    ServerNode retire() {
        removed = true;
        for (Connection c : connections) {
            c.loop.execute(c::retire);
        }
        ServerNode tombstone = new ServerNode(address, socketAddress, guard, wires, listener);
        tombstone.removed = true;
        return tombstone;
    }

    /** @return the exception of a request for this server after it was removed from the client's list */
    MemcachedConnectionException removedException() {
        return new MemcachedConnectionException("memcached server " + address
                + " was removed from the client's server list; the request was not sent");
    }

    void connections(Connection[] connections) {
        this.connections = connections.clone();
    }

    Connection[] connections() {
        return connections.clone();
    }

    /**
     * Picks a connection for a request. An asynchronous request about one key goes to the connection
     * that key hashes to while it accepts requests, so that requests for a key reach the server in
     * the order they were sent; so does a blocking one while asynchronous requests are in flight
     * there, since they may be its own thread's. Otherwise (a blocking caller's earlier requests
     * have all completed) and for the other requests, and those whose connection is down, it is the
     * connected one with the most free slots, else one still connecting (the request waits for it).
     *
     * @param orderingKey the request's only key, or null
     * @param blocking whether a blocking caller sends it
     * @return the connection, or null when every connection is down
     */
    Connection pick(String orderingKey, boolean blocking) {
        if (removed) {
            return null;
        }
        Connection[] cs = connections;
        if (cs.length == 1) {
            Connection c = cs[0];
            return c.acceptsRequests() ? c : null;
        }
        if (orderingKey != null) {
            int h = orderingKey.hashCode();
            Connection c = cs[Math.floorMod(h ^ (h >>> 16), cs.length)];
            if (c.acceptsRequests() && (!blocking || c.asyncInFlight.get() > 0)) {
                return c;
            }
        }
        int start = (int) (Thread.currentThread().getId() % cs.length);
        Connection best = null;
        int bestFree = -1;
        Connection connecting = null;
        for (int i = 0; i < cs.length; i++) {
            Connection c = cs[(start + i) % cs.length];
            int state = c.state();
            if (state == Connection.CONNECTED) {
                int free = c.slots.available();
                if (free > bestFree) {
                    best = c;
                    bestFree = free;
                }
            } else if (state == Connection.CONNECTING && connecting == null) {
                connecting = c;
            }
        }
        return best != null ? best : connecting;
    }

    /** @return the exception for a request to this server while it is down, with the latest reason any connection gave */
    MemcachedConnectionException downException() {
        if (removed) {
            return removedException();
        }
        Connection[] cs = connections;
        for (Connection c : cs) {
            if (c.downReason() != null) {
                return downException(c);
            }
        }
        return downException(cs.length == 0 ? null : cs[0]);
    }

    /** @return the exception for a request to this server while it is down, with why {@code failed} went down */
    MemcachedConnectionException downException(Connection failed) {
        String reason = failed == null ? null : failed.downReason();
        if (failed != null && failed.loginRefused()) {
            return new MemcachedAuthenticationException("memcached server " + address + " is down (" + reason
                    + "); logging in again in the background");
        }
        return new MemcachedConnectionException("memcached server " + address + " is down"
                + (reason == null ? "" : " (" + reason + ")") + "; reconnecting in the background");
    }

    @Override
    public String toString() {
        return address.toString();
    }
}
