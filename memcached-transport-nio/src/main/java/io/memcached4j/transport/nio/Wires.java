package io.memcached4j.transport.nio;

import io.memcached4j.ClientConfig;
import io.memcached4j.Credentials;
import io.memcached4j.ServerAddress;
import io.memcached4j.TlsConfig;

import java.nio.channels.SocketChannel;

/** Makes each new connection's {@link Wire} and {@link Opening} from the client's TLS settings and credentials. */
final class Wires {
    private final TlsConfig tls;
    private final Credentials credentials;

    Wires(ClientConfig config) {
        this.tls = config.tls().orElse(null);
        this.credentials = config.credentials().orElse(null);
    }

    /**
     * @param channel a socket, connected or connecting
     * @param server the server it goes to
     * @return the stream over it, and what readies it for requests
     */
    Opening open(SocketChannel channel, ServerAddress server) {
        Wire wire = tls == null ? new PlainWire(channel, server.toString())
                : new TlsWire(channel, TlsSetup.engine(tls, server), server.toString(), server.host());
        return new Opening(wire, credentials, server.toString());
    }

    TlsConfig tls() {
        return tls;
    }

    Credentials credentials() {
        return credentials;
    }
}
