package io.memcached4j.benchmarks;

import io.memcached4j.Memcached;
import io.memcached4j.MemcachedClient;
import io.memcached4j.MetaRequest;
import io.memcached4j.MetaResponse;
import io.memcached4j.MetaStatus;
import io.memcached4j.ServerAddress;
import io.memcached4j.TlsConfig;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;

/**
 * memcached4j with its defaults (but for the workload's settings), every call made as a meta command ({@code mg <key> v},
 * {@code ms}), to which the client adds its own opaque token and checks it in the reply: what
 * the meta wire format costs memcached4j today. A multi-get is one {@code mg} per key,
 * pipelined on the connections, since the client has no meta multi-get.
 */
final class Memcached4jMetaClient implements LoadClient {
    private final MemcachedClient client;

    /** Connects as {@link Memcached4jClient} does, over TLS when {@code tls} is not null. */
    Memcached4jMetaClient(List<ServerAddress> servers, ClientSettings settings, TlsConfig tls) {
        client = Memcached.connect(Memcached4jClient.config(servers, settings, tls).build());
    }

    @Override
    public byte[] get(String key) {
        return valueOf(client.meta(MetaRequest.get(key).value().build()));
    }

    @Override
    public void set(String key, byte[] value) {
        MetaResponse reply = client.meta(MetaRequest.set(key, value).build());
        if (reply.status() != MetaStatus.HEADER) {
            throw new IllegalStateException("ms " + key + " answered " + reply);
        }
    }

    @Override
    public int getMulti(List<String> keys) {
        List<CompletableFuture<MetaResponse>> replies = new ArrayList<>(keys.size());
        for (String key : keys) {
            replies.add(client.async().meta(MetaRequest.get(key).value().build()));
        }
        int found = 0;
        for (CompletableFuture<MetaResponse> reply : replies) {
            if (valueOf(reply.join()) != null) {
                found++;
            }
        }
        return found;
    }

    @Override
    public void getAsync(String key, BiConsumer<byte[], Throwable> done) {
        client.async().meta(MetaRequest.get(key).value().build())
                .whenComplete((reply, error) -> done.accept(error == null ? valueOf(reply) : null, error));
    }

    @Override
    public void close() {
        client.close();
    }

    private static byte[] valueOf(MetaResponse reply) {
        return reply.isMiss() ? null : reply.value();
    }
}
