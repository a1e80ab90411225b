package io.memcached4j;

import java.lang.System.Logger.Level;
import java.util.List;
import java.util.function.Consumer;

/**
 * The listeners of a {@link ClientConfig} as one: calls each in order, and isolates the client and
 * the other listeners from a listener's exception, which it logs.
 */
final class ClientListeners implements ClientListener {
    private static final System.Logger LOG = System.getLogger(ClientListener.class.getName());

    private final ClientListener[] listeners;

    ClientListeners(List<ClientListener> listeners) {
        this.listeners = listeners.toArray(new ClientListener[0]);
    }

    private static void failed(ClientListener listener, String method, RuntimeException e) {
        LOG.log(Level.WARNING, "memcached4j ClientListener " + listener + " threw from " + method + "; ignored", e);
    }

    /** Calls every listener, each isolated; for the events that are not per request (a lambda each). */
    private void each(String method, Consumer<ClientListener> call) {
        for (ClientListener l : listeners) {
            try {
                call.accept(l);
            } catch (RuntimeException e) {
                failed(l, method, e);
            }
        }
    }

    @Override
    public void clientOpened(ClientConfig config) {
        each("clientOpened", l -> l.clientOpened(config));
    }

    @Override
    public void clientClosed(ClientConfig config, List<ServerAddress> servers) {
        each("clientClosed", l -> l.clientClosed(config, servers));
    }

    /** With one listener, its own context; with several, an array of theirs. */
    @Override
    public Object requestStarted(String command, ServerAddress server) {
        if (listeners.length == 1) {
            return started(listeners[0], command, server);
        }
        Object[] contexts = new Object[listeners.length];
        for (int i = 0; i < listeners.length; i++) {
            contexts[i] = started(listeners[i], command, server);
        }
        return contexts;
    }

    private static Object started(ClientListener l, String command, ServerAddress server) {
        try {
            return l.requestStarted(command, server);
        } catch (RuntimeException e) {
            failed(l, "requestStarted", e);
            return null;
        }
    }

    /** A listener's own context out of what {@link #requestStarted} returned. */
    private Object own(Object context, int i) {
        return listeners.length == 1 ? context : ((Object[]) context)[i];
    }

    @Override
    public void requestFinished(Object context, String command, ServerAddress server, Outcome outcome,
                                long durationNanos, Throwable failure) {
        for (int i = 0; i < listeners.length; i++) {
            ClientListener l = listeners[i];
            Object own = own(context, i);
            try {
                l.requestFinished(own, command, server, outcome, durationNanos, failure);
            } catch (RuntimeException e) {
                failed(l, "requestFinished", e);
            }
        }
    }

    @Override
    public void retrieved(Object context, String command, ServerAddress server, int hits, int misses) {
        for (int i = 0; i < listeners.length; i++) {
            ClientListener l = listeners[i];
            Object own = own(context, i);
            try {
                l.retrieved(own, command, server, hits, misses);
            } catch (RuntimeException e) {
                failed(l, "retrieved", e);
            }
        }
    }

    @Override
    public void timeout(String command, ServerAddress server) {
        each("timeout", l -> l.timeout(command, server));
    }

    @Override
    public void backpressure(String command, ServerAddress server) {
        each("backpressure", l -> l.backpressure(command, server));
    }

    @Override
    public void connectionUp(ServerAddress server, boolean reconnect) {
        each("connectionUp", l -> l.connectionUp(server, reconnect));
    }

    @Override
    public void connectionDown(ServerAddress server, Throwable cause) {
        each("connectionDown", l -> l.connectionDown(server, cause));
    }

    @Override
    public void desync(ServerAddress server, ProtocolException cause) {
        each("desync", l -> l.desync(server, cause));
    }

    @Override
    public void serverAdded(ClientConfig config, ServerAddress server) {
        each("serverAdded", l -> l.serverAdded(config, server));
    }

    @Override
    public void serverRemoved(ClientConfig config, ServerAddress server) {
        each("serverRemoved", l -> l.serverRemoved(config, server));
    }

    @Override
    public String toString() {
        return "ClientListeners" + List.of(listeners);
    }
}
