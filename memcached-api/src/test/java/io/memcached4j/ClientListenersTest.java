package io.memcached4j;

import io.memcached4j.ClientListener.Outcome;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The listeners of a {@link ClientConfig}: kept in order, combined, each isolated from the others. */
class ClientListenersTest {
    private static final ServerAddress SERVER = ServerAddress.parse("127.0.0.1:11211");

    /** Records what it hears, with its own name, and gives its name as the request context. */
    private static final class Named implements ClientListener {
        final String name;
        final List<String> heard;

        Named(String name, List<String> heard) {
            this.name = name;
            this.heard = heard;
        }

        @Override
        public Object requestStarted(String command, ServerAddress server) {
            return name;
        }

        @Override
        public void requestFinished(Object context, String command, ServerAddress server, Outcome outcome,
                                    long durationNanos, Throwable failure) {
            heard.add(name + " finished " + context + " " + outcome);
        }

        @Override
        public void connectionUp(ServerAddress server, boolean reconnect) {
            heard.add(name + " up " + reconnect);
        }
    }

    private static final ClientListener THROWING = new ClientListener() {
        @Override
        public void connectionUp(ServerAddress server, boolean reconnect) {
            throw new IllegalStateException("broken");
        }
    };

    @Test
    void noListenerByDefaultAndToBuilderKeepsThem() {
        ClientConfig none = ClientConfig.builder().servers("127.0.0.1:11211").build();
        assertTrue(none.listeners().isEmpty());
        assertFalse(none.listener().isPresent());
        List<String> heard = new ArrayList<>();
        Named a = new Named("a", heard);
        ClientConfig one = none.toBuilder().listener(a).build();
        assertEquals(List.of(a), one.listeners());
        assertEquals(List.of(a), one.toBuilder().build().listeners());
        assertTrue(one.toBuilder().listeners(List.of()).build().listeners().isEmpty());
        assertThrows(NullPointerException.class, () -> ClientConfig.builder().listeners(List.of(a, null)));
    }

    @Test
    void eachListenerGetsItsOwnContextBackAndAThrowingOneIsIsolated() {
        List<String> heard = new ArrayList<>();
        ClientConfig config = ClientConfig.builder().servers("127.0.0.1:11211")
                .listener(new Named("a", heard)).listener(THROWING).listener(new Named("b", heard)).build();
        ClientListener all = config.listener().orElseThrow();
        Object context = all.requestStarted("get", SERVER);
        all.requestFinished(context, "get", SERVER, Outcome.HIT, 5, null);
        all.connectionUp(SERVER, true);
        assertEquals(List.of("a finished a HIT", "b finished b HIT", "a up true", "b up true"), heard);

        List<String> alone = new ArrayList<>();
        ClientListener single = ClientConfig.builder().servers("127.0.0.1:11211").listener(new Named("c", alone))
                .build().listener().orElseThrow();
        Object own = single.requestStarted("set", SERVER);
        assertSame("c", own, "one listener's context is passed through as it is");
        single.requestFinished(own, "set", SERVER, Outcome.STORED, 1, null);
        assertEquals(List.of("c finished c STORED"), alone);
    }
}
