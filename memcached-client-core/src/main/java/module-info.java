/**
 * The client logic every transport shares: a transport implements
 * {@link io.memcached4j.core.RequestDispatcher} and gets a complete
 * {@link io.memcached4j.MemcachedClient} from {@link io.memcached4j.core.DispatchingClient}; the
 * wire codec contract ({@link io.memcached4j.core.codec.ProtocolCodec}) is between the transports and
 * {@code memcached-protocol-text}; the TLS engine loop ({@link io.memcached4j.core.tls.TlsEngineLoop})
 * is shared by the nio transport and the testkit's fake server. Not for applications: every package is
 * exported only to the platform's modules that need it.
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
    exports io.memcached4j.core.tls to
            io.memcached4j.transport.nio,
            io.memcached4j.testkit;
    exports io.memcached4j.core.codec to
            io.memcached4j.protocol.text,
            io.memcached4j.transport.nio,
            io.memcached4j.testkit,
            io.memcached4j.benchmarks;

    uses io.memcached4j.core.codec.ProtocolCodecProvider;
}
