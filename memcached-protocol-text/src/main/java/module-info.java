/**
 * The memcached text protocol, classic and meta commands, in both directions: the client codec,
 * provided as {@code text} to the transports through {@code memcached-client-core}'s codec contract,
 * and the server-side request parser and reply writer of the testkit's fake. Not for applications:
 * it exports its server side to the testkit only.
 */
// "module": the testkit, named in the qualified export, depends on this module, so it is not yet
// compiled when this one is ("module not found"); every other lint stays an error.
@SuppressWarnings("module")
module io.memcached4j.protocol.text {
    requires transitive io.memcached4j;
    requires io.memcached4j.core;

    exports io.memcached4j.protocol.text.server to io.memcached4j.testkit;

    provides io.memcached4j.core.codec.ProtocolCodecProvider with io.memcached4j.protocol.text.TextProtocolCodecProvider;
}
