/**
 * The client logic every transport shares: a transport implements
 * {@link io.memcached4j.core.RequestDispatcher} and gets a complete
 * {@link io.memcached4j.MemcachedClient} from {@link io.memcached4j.core.DispatchingClient}; the
 * wire codec contract ({@link io.memcached4j.core.codec.ProtocolCodec}) is between the transports and
 * {@code memcached-protocol-text}. Not for applications: both packages are exported only to the
 * platform's modules that need them.
 */
// "module": the modules named in the qualified exports depend on this one, so they are not yet
// compiled when it is ("module not found"); every other lint stays an error.
@SuppressWarnings("module")
module io.memcached4j.core {
    requires transitive io.memcached4j;

    exports io.memcached4j.core to
            io.memcached4j.transport.nio,
            io.memcached4j.testkit,
            io.memcached4j.benchmarks;
    exports io.memcached4j.core.codec to
            io.memcached4j.protocol.text,
            io.memcached4j.transport.nio,
            io.memcached4j.testkit,
            io.memcached4j.benchmarks;

    uses io.memcached4j.core.codec.ProtocolCodecProvider;
}
