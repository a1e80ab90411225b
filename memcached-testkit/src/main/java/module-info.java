/**
 * A fake memcached for tests, over TCP or in memory as the transport {@code inmem}, with no JUnit
 * dependency (its JUnit 5 extension is the module {@code io.memcached4j.testkit.junit}, artifact
 * {@code memcached-testkit-junit5}).
 */
module io.memcached4j.testkit {
    requires transitive io.memcached4j;
    requires io.memcached4j.protocol.text;
    requires io.memcached4j.core;

    exports io.memcached4j.testkit;
    exports io.memcached4j.testkit.tls;

    provides io.memcached4j.spi.TransportProvider with io.memcached4j.testkit.internal.inmem.InMemoryTransportProvider;
}
