/** The load harness comparing memcached4j with other memcached clients; a tool, not a library. */
module io.memcached4j.benchmarks {
    requires io.memcached4j;
    requires io.memcached4j.process;
    requires io.memcached4j.micrometer;
    requires io.memcached4j.testkit;
    requires jdk.management;
    requires spymemcached;
    requires xmemcached;
    requires folsom;
}
