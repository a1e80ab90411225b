package io.memcached4j.cli.target;

import io.memcached4j.Memcached;
import io.memcached4j.MemcachedClient;
import io.memcached4j.ServerAddress;
import io.memcached4j.cli.TargetOptions;
import io.memcached4j.testkit.FakeMemcached;
import java.util.List;

/**
 * The memcached a command works on: a client over the named servers, or over an embedded fake that
 * this target started and stops on {@link #close()}.
 */
public final class Target implements AutoCloseable {
    private final MemcachedClient client;
    private final List<ServerAddress> servers;
    private final FakeMemcached embedded;
    private final boolean demo;

    private Target(MemcachedClient client, List<ServerAddress> servers, FakeMemcached embedded, boolean demo) {
        this.client = client;
        this.servers = servers;
        this.embedded = embedded;
        this.demo = demo;
    }

    /** Opens the target the options name. */
    public static Target open(TargetOptions options) {
        String servers = options.servers != null ? options.servers : System.getenv(TargetOptions.SERVERS_ENV);
        if (servers != null && !servers.isBlank() && !options.demo && !options.empty) {
            List<ServerAddress> addresses = ServerAddress.parseList(servers);
            return new Target(Memcached.connect(servers), addresses, null, false);
        }
        FakeMemcached fake = FakeMemcached.builder().host("127.0.0.1").port(0).start();
        boolean demo = !options.empty;
        MemcachedClient client = Memcached.connect(fake.address().toString());
        return new Target(client, List.of(fake.address()), fake, demo);
    }

    public MemcachedClient client() {
        return client;
    }

    public List<ServerAddress> servers() {
        return servers;
    }

    /** True when the target is an embedded fake started by this process. */
    public boolean isEmbedded() {
        return embedded != null;
    }

    /** True when the target is the embedded demo fake. */
    public boolean isDemo() {
        return demo;
    }

    @Override
    public void close() {
        try {
            client.close();
        } finally {
            if (embedded != null) {
                embedded.close();
            }
        }
    }
}
