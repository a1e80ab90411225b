/** A fake memcached for tests, and a launcher for real memcached processes. */
module io.memcached4j.testkit {
    requires transitive io.memcached4j;
    requires io.memcached4j.protocol.text;
    requires static org.junit.jupiter.api;

    exports io.memcached4j.testkit;
    exports io.memcached4j.testkit.process;
}
