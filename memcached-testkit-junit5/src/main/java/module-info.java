/**
 * The JUnit 5 extension of the testkit: {@code @WithFakeMemcached} gives a test class a
 * {@code FakeMemcached}, its address, a client to it and its manual clock.
 */
module io.memcached4j.testkit.junit {
    requires transitive io.memcached4j.testkit;
    requires transitive org.junit.jupiter.api;

    exports io.memcached4j.testkit.junit;
}
