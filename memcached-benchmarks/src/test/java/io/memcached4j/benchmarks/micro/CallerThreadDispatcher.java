package io.memcached4j.benchmarks.micro;

import io.memcached4j.ClientConfig;
import io.memcached4j.LineConnection;
import io.memcached4j.ServerAddress;
import io.memcached4j.core.ClientFuture;
import io.memcached4j.core.IoThreadGuard;
import io.memcached4j.core.ReplyMapper;
import io.memcached4j.core.RequestDispatcher;
import io.memcached4j.core.codec.Request;

import java.util.concurrent.CompletableFuture;

/**
 * A transport for the benchmarks of the client's own path: every request is answered at once, on
 * the caller's thread, with what {@link #answer} says its decoder returns; there is no socket and
 * no server list to change. Like the nio transport, it reads the clock once per request (nio does
 * for the deadline) and stamps its futures with it, start and read alike (nio reads the clock once
 * per read of many replies), and makes them with the client's observer.
 */
abstract class CallerThreadDispatcher implements RequestDispatcher {
    private final ClientConfig config;
    private final String name;
    private final IoThreadGuard guard = new IoThreadGuard(() -> false);

    CallerThreadDispatcher(ClientConfig config, String name) {
        this.config = config;
        this.name = name;
    }

    /**
     * Answers a request.
     *
     * @param request the request sent
     * @return the decoded reply, of the type the request declares
     */
    abstract Object answer(Request<?> request);

    @Override
    public ClientConfig config() {
        return config;
    }

    @Override
    public <D, T> CompletableFuture<T> send(int server, Request<D> request, ReplyMapper<D, T> mapper,
                                            long timeoutNanos, boolean blocking) {
        return send(server, request, mapper, timeoutNanos, blocking, null);
    }

    /** Makes the future with the client's observer, as the nio transport does. */
    @Override
    public <D, T> CompletableFuture<T> send(int server, Request<D> request, ReplyMapper<D, T> mapper,
                                            long timeoutNanos, boolean blocking, ClientFuture.Observer observer) {
        long start = System.nanoTime();
        ClientFuture<T> future = new ClientFuture<>(guard, start, observer, request);
        future.complete(mapper.map(request, cast(answer(request))), start);
        return future;
    }

    @Override
    public boolean stampsFutures() {
        return true;
    }

    @SuppressWarnings("unchecked") // answer returns the type its Request<D> declares
    private static <D> D cast(Object decoded) {
        return (D) decoded;
    }

    @Override
    public IoThreadGuard ioThreadGuard() {
        return guard;
    }

    @Override
    public LineConnection openLineConnection(ServerAddress server) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void addServer(int server, ServerAddress address) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void removeServer(int server) {
        throw new UnsupportedOperationException();
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void close() {
    }
}
