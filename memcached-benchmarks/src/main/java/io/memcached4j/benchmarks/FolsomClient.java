package io.memcached4j.benchmarks;

import com.spotify.folsom.ConnectFuture;
import com.spotify.folsom.MemcacheClient;
import com.spotify.folsom.MemcacheClientBuilder;
import com.spotify.folsom.MemcacheStatus;
import com.spotify.folsom.client.tls.DefaultSSLEngineFactory;

import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiConsumer;

/**
 * Folsom 1.21.0 with its defaults: {@code MemcacheClientBuilder.newByteArrayClient()
 * .withAddress(host, port).connectAscii()} (one connection, 3 s request timeout, 1,000 outstanding requests,
 * replies completed on {@code ForkJoinPool.commonPool()}). Folsom is asynchronous only: the
 * blocking calls are {@code future.get()}.
 */
final class FolsomClient implements LoadClient {
    private final MemcacheClient<byte[]> client;

    FolsomClient(String host, int port) throws Exception {
        client = MemcacheClientBuilder.newByteArrayClient().withAddress(host, port).connectAscii();
        ConnectFuture.connectFuture(client).toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    /**
     * Connects over TLS: the same defaults plus {@code withSSLEngineFactory(new
     * DefaultSSLEngineFactory(context, false))}, Folsom's own factory (no session reuse, as
     * memcached4j's; Folsom does not verify the host name).
     */
    FolsomClient(String host, int port, SSLContext tls) throws Exception {
        client = MemcacheClientBuilder.newByteArrayClient().withAddress(host, port)
                .withSSLEngineFactory(new DefaultSSLEngineFactory(tls, false)).connectAscii();
        ConnectFuture.connectFuture(client).toCompletableFuture().get(10, TimeUnit.SECONDS);
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
