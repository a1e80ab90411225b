/**
 * A fake memcached for tests (over TCP, or in memory as the transport {@code inmem}; with a JUnit 5
 * extension), and a launcher for real memcached processes.
 */
module io.memcached4j.testkit {
    requires transitive io.memcached4j;
    requires io.memcached4j.protocol.text;
    requires io.memcached4j.core;
    requires static transitive org.junit.jupiter.api;

    exports io.memcached4j.testkit;
    exports io.memcached4j.testkit.junit;
    exports io.memcached4j.testkit.process;
    exports io.memcached4j.testkit.tls;

    provides io.memcached4j.spi.TransportProvider with io.memcached4j.testkit.inmem.InMemoryTransportProvider;
}
