package io.memcached4j.testkit;

import io.memcached4j.testkit.internal.server.Directive;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The faults a {@link FakeMemcached} injects, in the spirit of OkHttp MockWebServer's socket
 * policies: per-request rules (delay, stall, {@code SERVER_ERROR}, garbage, close, cut replies,
 * and the desyncs a client must detect: a reply for another key, an extra or duplicated reply, a
 * reply split and delayed) for the requests a {@link RequestMatcher} selects, and per-connection policies (close after N
 * requests or N reply bytes, refuse or stop accepting connections). Thread-safe; changes apply
 * to the requests and connections that arrive after the call returns.
 *
 * <pre>{@code
 * fake.faults().onCommand("get").times(1).replyServerError("out of memory");
 * fake.faults().on(keyPrefix("slow:")).delay(Duration.ofMillis(500));
 * fake.faults().closeConnectionsAfterRequests(3);
 * fake.faults().clear();
 * }</pre>
 */
public final class Faults {
    private final CopyOnWriteArrayList<FaultRule> rules = new CopyOnWriteArrayList<>();
    private final Consumer<Boolean> accepting;
    private volatile boolean refusing;
    private volatile boolean stopped;
    private volatile int requestsPerConnection = Integer.MAX_VALUE;
    private volatile long replyBytesPerConnection = Long.MAX_VALUE;

    Faults(Consumer<Boolean> accepting) {
        this.accepting = accepting;
    }

    /**
     * Starts a rule for the requests {@code matcher} selects; finish it with an action such as
     * {@link FaultRule.Builder#replyServerError(String)}.
     *
     * @param matcher which requests
     * @return the rule's builder
     */
    public FaultRule.Builder on(RequestMatcher matcher) {
        return new FaultRule.Builder(this, matcher);
    }

    /**
     * Starts a rule for the requests with one of these command words.
     *
     * @param commands command words such as {@code "get"}, {@code "set"}, {@code "mg"}
     * @return the rule's builder
     */
    public FaultRule.Builder onCommand(String... commands) {
        return on(RequestMatcher.command(commands));
    }

    /**
     * Starts a rule for every request.
     *
     * @return the rule's builder
     */
    public FaultRule.Builder onAnyRequest() {
        return on(RequestMatcher.any());
    }

    /**
     * Closes each connection, open or future, once it has received {@code requests} requests: the
     * reply to the last one is written, then the connection closes and anything after it is ignored.
     *
     * @param requests the number of requests a connection may send, at least 1
     * @return these faults
     */
    public Faults closeConnectionsAfterRequests(int requests) {
        if (requests < 1) {
            throw new IllegalArgumentException("requests must be at least 1: " + requests);
        }
        this.requestsPerConnection = requests;
        return this;
    }

    /**
     * Closes each connection, open or future, once the server has written {@code bytes} reply
     * bytes on it in all, cutting the reply in progress.
     *
     * @param bytes the number of reply bytes a connection gets, at least 1
     * @return these faults
     */
    public Faults closeConnectionsAfterBytes(long bytes) {
        if (bytes < 1) {
            throw new IllegalArgumentException("bytes must be at least 1: " + bytes);
        }
        this.replyBytesPerConnection = bytes;
        return this;
    }

    /**
     * Accepts new connections and closes them at once, without a byte; open connections are not affected.
     *
     * @return these faults
     */
    public Faults refuseConnections() {
        refusing = true;
        return this;
    }

    /**
     * Stops accepting connections: clients' connection attempts wait in the listen backlog (the
     * operating system may still complete their TCP handshake) and get no reply; open connections
     * are not affected. {@link #acceptConnections()} accepts them. TCP only: in-memory clients
     * ({@link InMemoryServers}) still connect.
     *
     * @return these faults
     */
    public Faults stopAccepting() {
        stopped = true;
        accepting.accept(false);
        return this;
    }

    /**
     * Undoes {@link #refuseConnections()} and {@link #stopAccepting()}.
     *
     * @return these faults
     */
    public Faults acceptConnections() {
        refusing = false;
        if (stopped) {
            stopped = false;
            accepting.accept(true);
        }
        return this;
    }

    /** @return the active rules, in the order they apply */
    public List<FaultRule> rules() {
        return List.copyOf(rules);
    }

    /** Removes every rule and policy: the server behaves normally again for new requests and connections. */
    public void clear() {
        rules.forEach(FaultRule::remove);
        requestsPerConnection = Integer.MAX_VALUE;
        replyBytesPerConnection = Long.MAX_VALUE;
        acceptConnections();
    }

    void addRule(FaultRule rule) {
        rules.add(rule);
    }

    void removeRule(FaultRule rule) {
        rules.remove(rule);
    }

    boolean admits() {
        return !refusing;
    }

    long replyByteLimit() {
        return replyBytesPerConnection;
    }

    Directive directiveFor(RecordedRequest request) {
        Directive directive = Directive.PROCEED;
        for (FaultRule rule : rules) {
            Directive d = rule.apply(request);
            if (d != null) {
                directive = d;
                break;
            }
        }
        return request.sequenceNumber() + 1 >= requestsPerConnection ? directive.thenClose() : directive;
    }

    @Override
    public String toString() {
        return "Faults" + rules;
    }
}
