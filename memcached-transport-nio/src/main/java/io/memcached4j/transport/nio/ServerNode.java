package io.memcached4j.transport.nio;

import io.memcached4j.ClientListener;
import io.memcached4j.MemcachedAuthenticationException;
import io.memcached4j.MemcachedConnectionException;
import io.memcached4j.ServerAddress;
import io.memcached4j.core.IoThreadGuard;

import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicInteger;

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
    private Lane[] lanes = new Lane[0];
    /** Removed from the client's server list: takes no new request. */
    private volatile boolean removed;
    /** {@link System#nanoTime()} before which blocking callers do not take lanes: one failed or timed out. */
    private volatile long lanesResumeAt;
    /** Connections of the event loop lost so far: a lane that sees it change looks for the end of its own stream. */
    private final AtomicInteger connectionsLost = new AtomicInteger();
    /** How long lanes rest after one failed or timed out: the operation timeout. */
    private final long laneRestNanos;

    ServerNode(ServerAddress address, IoThreadGuard guard, Wires wires, ClientListener listener, long laneRestNanos) {
        this(address, new InetSocketAddress(address.host(), address.port()), guard, wires, listener, laneRestNanos);
    }

    private ServerNode(ServerAddress address, InetSocketAddress socketAddress, IoThreadGuard guard, Wires wires,
                       ClientListener listener, long laneRestNanos) {
        this.address = address;
        this.laneRestNanos = laneRestNanos;
        this.lanesResumeAt = System.nanoTime();
        this.listener = listener;
        this.guard = guard;
        this.wires = wires;
        this.socketAddress = socketAddress;
    }

    /**
     * Takes this server out of service: no new request goes to it, and each connection finishes what
     * it was given, then closes ({@link Connection#retire}); so does each lane ({@link Lane#retire}).
     *
     * @return what stands for it from now on: a node without connections that fails requests saying
     *     the server was removed, so that the retired connections and their buffers can be freed
     */
    ServerNode retire() {
        removed = true;
        for (Connection c : connections) {
            c.loop.execute(c::retire);
        }
        for (Lane lane : lanes) {
            lane.retire();
        }
        ServerNode tombstone = new ServerNode(address, socketAddress, guard, wires, listener, laneRestNanos);
        tombstone.removed = true;
        tombstone.lanes = lanes; // never taken again, but closing the client closes one a caller still holds
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

    void lanes(Lane[] lanes) {
        this.lanes = lanes.clone();
    }

    Lane[] lanes() {
        return lanes.clone();
    }

    /**
     * Takes a free lane for a blocking request, when one may carry it: the server is in the client's
     * list, up and has answered properly (a connection of the event loop is connected and decoded a
     * reply), no lane failed or timed out in the last operation timeout, fewer blocking requests than
     * there are lanes wait on the event loop's connections ({@link #blockingOnLoop}), and no
     * asynchronous request the request must follow is in flight (on its key's connection; for a
     * request without key, on the only connection when there is one, as that connection keeps every
     * request in order).
     *
     * @param orderingKey the request's only key, or null
     * @param now {@link System#nanoTime()} about now: when the client took the request
     * @return the lane, held by the calling thread; null when the request must go to the event loop
     */
    Lane takeLane(String orderingKey, long now) {
        Lane[] ls = lanes;
        Connection[] cs = connections;
        if (ls.length == 0 || removed || now - lanesResumeAt < 0) {
            return null;
        }
        Connection follow = cs.length == 1 ? cs[0] : orderingKey == null ? null : keyConnection(cs, orderingKey);
        if (follow != null && follow.asyncInFlight.get() > 0) {
            return null;
        }
        boolean up = false;
        for (Connection c : cs) {
            if (c.answers()) {
                up = true;
                break;
            }
        }
        if (!up || blockingOnLoop(cs) >= ls.length) {
            return null;
        }
        int start = (int) (Thread.currentThread().getId() % ls.length);
        for (int i = 0; i < ls.length; i++) {
            Lane lane = ls[(start + i) % ls.length];
            if (lane.tryAcquire()) {
                return lane;
            }
        }
        return null;
    }

    /** An event loop's connection to this server broke (a restart closes the lanes' connections too). */
    void connectionLost() {
        connectionsLost.incrementAndGet();
    }

    /** @return the event loop's connections lost so far; any thread */
    int connectionsLost() {
        return connectionsLost.get();
    }

    /** Sends blocking requests to the event loop for an operation timeout: a lane failed or timed out. */
    void suspendLanes() {
        lanesResumeAt = System.nanoTime() + laneRestNanos;
    }

    /**
     * Whether as many blocking callers as there are lanes wait on the event loop's connections: then
     * they leave the writing to the loop, which merges their gets and writes them together, rather
     * than each write its own request (measured: half the client CPU per call at 64 threads).
     */
    boolean crowded() {
        Lane[] ls = lanes;
        return ls.length > 0 && blockingOnLoop(connections) >= ls.length;
    }

    /**
     * Counts the blocking requests in flight on the event loop's connections: those that found every
     * lane taken. As many as there are lanes means many callers wait at once, and then new ones go to
     * the event loop too, where their gets are merged ({@link GetBatch}) and written together, which
     * costs less per call than a lane's own system calls; with fewer, lanes serve them.
     */
    private static int blockingOnLoop(Connection[] cs) {
        int blocking = 0;
        for (Connection c : cs) {
            blocking += c.slots.inUse() - c.asyncInFlight.get();
        }
        return blocking;
    }

    private static Connection keyConnection(Connection[] cs, String orderingKey) {
        int h = orderingKey.hashCode();
        return cs[Math.floorMod(h ^ (h >>> 16), cs.length)];
    }

    /**
     * Picks a connection for a request. An asynchronous request about one key goes to the connection
     * that key hashes to while it accepts requests, so that requests for a key reach the server in
     * the order they were sent; so does a blocking one while asynchronous requests are in flight
     * there, since they may be its own thread's. Otherwise (a blocking caller's earlier requests
     * have all completed) a blocking request goes to the first connected connection with room while
     * the server is {@link #crowded}: many callers wait, and gathered on one connection their gets
     * merge into fewer, larger writes, read by one I/O thread (measured at 64 threads over 2
     * connections: a write per 20 calls rather than per 8, and about 12% less client CPU per call).
     * Else, and for the other requests, and those whose connection is down, it is the connected one
     * with the most free slots, else one still connecting (the request waits for it).
     *
     * @param orderingKey the request's only key, or null
     * @param blocking whether a blocking caller sends it
     * @param crowded whether the server is {@link #crowded}, read by the caller for a blocking request
     * @return the connection, or null when every connection is down
     */
    Connection pick(String orderingKey, boolean blocking, boolean crowded) {
        if (removed) {
            return null;
        }
        Connection[] cs = connections;
        if (cs.length == 1) {
            Connection c = cs[0];
            return c.acceptsRequests() ? c : null;
        }
        if (orderingKey != null) {
            Connection c = keyConnection(cs, orderingKey);
            if (c.acceptsRequests() && (!blocking || c.asyncInFlight.get() > 0)) {
                return c;
            }
        }
        if (blocking && crowded) {
            Connection gathering = firstWithRoom(cs);
            if (gathering != null) {
                return gathering;
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

    /** @return the first connected connection with a free slot, in the fixed order of the array; null when none */
    private static Connection firstWithRoom(Connection[] cs) {
        for (Connection c : cs) {
            if (c.state() == Connection.CONNECTED && c.slots.available() > 0) {
                return c;
            }
        }
        return null;
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
