package io.memcached4j.benchmarks;

import net.spy.memcached.ConnectionFactoryBuilder;
import net.spy.memcached.MemcachedClient;

import io.memcached4j.ServerAddress;

import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BiConsumer;

/**
 * spymemcached 2.12.3 with its defaults: {@code new MemcachedClient(address)}, that is
 * {@code DefaultConnectionFactory} (text protocol, one connection per server and no setting for
 * more, 2.5 s operation timeout, 16,384-operation queues, {@code SerializingTranscoder}, which
 * gzips values above 16 KiB; keys spread by {@code NATIVE_HASH} modulo the server count).
 * The same class drives the AWS fork of spymemcached ({@link #awsFork}), which has the same
 * {@code net.spy.memcached} API and is loaded by a class loader of its own ({@link AwsSpymemcached}).
 */
final class SpymemcachedClient implements LoadClient {
    private final MemcachedClient client;

    SpymemcachedClient(List<ServerAddress> servers) throws IOException {
        this(new MemcachedClient(addresses(servers)), servers.size());
    }

    private SpymemcachedClient(MemcachedClient client, int servers) throws IOException {
        this.client = client;
        // Every server connected before the first request: with the default failure mode
        // (redistribute), a key whose server is not connected yet goes to another one.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (client.getAvailableServers().size() < servers) {
            if (System.nanoTime() - deadline > 0) {
                client.shutdown();
                throw new IOException("spymemcached connected to " + client.getAvailableServers().size() + " of "
                        + servers + " servers within 10 s");
            }
            LockSupport.parkNanos(1_000_000L);
        }
    }

    /**
     * The AWS fork of spymemcached ({@code com.amazonaws:elasticache-java-cluster-client} 1.2.0) as its
     * documentation configures it: {@code new MemcachedClient(new ConnectionFactoryBuilder()
     * .setClientMode(ClientMode.Static).setSSLContext(context).setHostnameForTlsVerification(host).build(),
     * addresses)}, its defaults otherwise
     * (those of spymemcached 2.12.3, whose code it forked). Static mode takes the servers as given (the
     * default, dynamic mode, asks one configuration endpoint for the cluster's nodes); over TLS the fork
     * verifies one host name for every server (and refuses to connect without one), the servers' host.
     * Only callable where {@code net.spy.memcached} is the fork's: the builder's setters, which
     * spymemcached 2.12.3 has not, are called by reflection.
     *
     * @param tls the context to make TLS engines with, or null for plain TCP
     * @throws IllegalArgumentException over TLS to servers of more than one host
     */
    static SpymemcachedClient awsFork(List<ServerAddress> servers, SSLContext tls) throws IOException {
        ConnectionFactoryBuilder builder = new ConnectionFactoryBuilder();
        try {
            Class<?> modes = Class.forName("net.spy.memcached.ClientMode", true,
                    ConnectionFactoryBuilder.class.getClassLoader());
            Object staticMode = modes.getField("Static").get(null);
            ConnectionFactoryBuilder.class.getMethod("setClientMode", modes).invoke(builder, staticMode);
            if (tls != null) {
                List<String> hosts = servers.stream().map(ServerAddress::host).distinct().toList();
                if (hosts.size() != 1) {
                    throw new IllegalArgumentException("the AWS fork verifies one host name for every server, not " + hosts);
                }
                ConnectionFactoryBuilder.class.getMethod("setSSLContext", SSLContext.class).invoke(builder, tls);
                ConnectionFactoryBuilder.class.getMethod("setHostnameForTlsVerification", String.class)
                        .invoke(builder, hosts.get(0));
            }
        } catch (ClassNotFoundException | NoSuchMethodException | NoSuchFieldException | IllegalAccessException e) {
            throw new IllegalStateException("net.spy.memcached here is not the AWS fork's: " + e, e);
        } catch (InvocationTargetException e) {
            throw new IllegalStateException("the AWS fork refused its configuration: " + e.getCause(), e.getCause());
        }
        return new SpymemcachedClient(new MemcachedClient(builder.build(), addresses(servers)), servers.size());
    }

    private static List<InetSocketAddress> addresses(List<ServerAddress> servers) {
        return servers.stream().map(s -> new InetSocketAddress(s.host(), s.port())).toList();
    }

    @Override
    public byte[] get(String key) {
        return (byte[]) client.get(key);
    }

    @Override
    public void set(String key, byte[] value) throws Exception {
        if (!client.set(key, 0, value).get()) {
            throw new IllegalStateException("set " + key + " was not stored");
        }
    }

    @Override
    public int getMulti(List<String> keys) {
        return client.getBulk(keys).size();
    }

    @Override
    public void getAsync(String key, BiConsumer<byte[], Throwable> done) {
        client.asyncGet(key).addListener(future -> {
            try {
                done.accept((byte[]) future.get(), null);
            } catch (ExecutionException e) {
                done.accept(null, e.getCause());
            } catch (RuntimeException e) {
                done.accept(null, e);
            }
        });
    }

    @Override
    public void close() {
        client.shutdown(5, TimeUnit.SECONDS);
    }
}
