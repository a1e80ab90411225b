/** A fake memcached for tests (with a JUnit 5 extension), and a launcher for real memcached processes. */
module io.memcached4j.testkit {
    requires transitive io.memcached4j;
    requires transitive io.memcached4j.protocol.text;
    requires static transitive org.junit.jupiter.api;

    exports io.memcached4j.testkit;
    exports io.memcached4j.testkit.junit;
    exports io.memcached4j.testkit.process;
}
