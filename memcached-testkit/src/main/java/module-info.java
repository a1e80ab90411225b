/**
 * A fake memcached for tests (over TCP, or in memory as the transport {@code inmem}; with a JUnit 5
 * extension).
 */
module io.memcached4j.testkit {
    requires transitive io.memcached4j;
    requires io.memcached4j.protocol.text;
    requires io.memcached4j.core;
    requires static transitive org.junit.jupiter.api;

    exports io.memcached4j.testkit;
    exports io.memcached4j.testkit.junit;

    provides io.memcached4j.spi.TransportProvider with io.memcached4j.testkit.inmem.InMemoryTransportProvider;
}
