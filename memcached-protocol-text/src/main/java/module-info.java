/**
 * The memcached text protocol, classic and meta commands, in both directions: the client codec,
 * provided as {@code text} to the transports through {@code memcached-client-core}'s codec contract,
 * and the server-side request parser and reply writer of the testkit's fake.
 */
module io.memcached4j.protocol.text {
    requires transitive io.memcached4j;
    requires io.memcached4j.core;

    exports io.memcached4j.protocol.text.server;

    provides io.memcached4j.core.codec.ProtocolCodecProvider with io.memcached4j.protocol.text.TextProtocolCodecProvider;
}
