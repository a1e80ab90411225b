package io.memcached4j.benchmarks;

import com.spotify.folsom.ConnectFuture;
import com.spotify.folsom.MemcacheClient;
import com.spotify.folsom.MemcacheClientBuilder;
import com.spotify.folsom.MemcacheStatus;
import com.spotify.folsom.client.tls.DefaultSSLEngineFactory;

import io.memcached4j.ServerAddress;

import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiConsumer;

/**
 * Folsom 1.21.0 with its defaults: {@code MemcacheClientBuilder.newByteArrayClient()
 * .withAddress(host, port).connectAscii()}, {@code withAddress} once per server (one connection per
 * server, or {@code withConnections(n)}; 3 s request timeout, 1,000 outstanding requests, values up
 * to 1 MiB, keys spread by ketama, replies completed on {@code ForkJoinPool.commonPool()}). Folsom
 * is asynchronous only: the blocking calls are {@code future.get()}.
 */
final class FolsomClient implements LoadClient {
    private final MemcacheClient<byte[]> client;

    /**
     * Connects with the defaults, or {@code connections} per server when positive; over TLS when
     * {@code tls} is not null: the same defaults plus {@code withSSLEngineFactory(new
     * DefaultSSLEngineFactory(tls, false))}, Folsom's own factory (no session reuse, as
     * memcached4j's; Folsom does not verify the host name).
     */
    FolsomClient(List<ServerAddress> servers, int connections, SSLContext tls) throws Exception {
        MemcacheClientBuilder<byte[]> builder = MemcacheClientBuilder.newByteArrayClient();
        servers.forEach(server -> builder.withAddress(server.host(), server.port()));
        if (connections > 0) {
            builder.withConnections(connections);
        }
        if (tls != null) {
            builder.withSSLEngineFactory(new DefaultSSLEngineFactory(tls, false));
        }
        client = builder.connectAscii();
        // Every connection up before the first request: Folsom's ketama ring holds only the servers
        // connected so far, so a key stored before the last one connected is then looked for elsewhere.
        client.awaitFullyConnected(10, TimeUnit.SECONDS);
    }

    @Override
    public byte[] get(String key) throws Exception {
        return client.get(key).toCompletableFuture().get();
    }

    @Override
    public void set(String key, byte[] value) throws Exception {
        MemcacheStatus status = client.set(key, value, 0).toCompletableFuture().get();
        if (status != MemcacheStatus.OK) {
            throw new IllegalStateException("set " + key + ": " + status);
        }
    }

    @Override
    public int getMulti(List<String> keys) throws Exception {
        int found = 0;
        for (byte[] value : client.get(keys).toCompletableFuture().get()) {
            if (value != null) {
                found++;
            }
        }
        return found;
    }

    @Override
    public void getAsync(String key, BiConsumer<byte[], Throwable> done) {
        client.get(key).whenComplete(done);
    }

    @Override
    public void close() throws IOException {
        client.shutdown();
        try {
            ConnectFuture.disconnectFuture(client).toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while closing folsom", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IOException("folsom did not disconnect", e);
        }
    }
}
