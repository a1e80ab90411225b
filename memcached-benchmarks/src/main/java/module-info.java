/**
 * The load harness comparing memcached4j with other memcached clients, the chaos soak and the key
 * enumeration benchmark; a tool, not a library. (The JMH micro-benchmarks are in its test sources.)
 */
module io.memcached4j.benchmarks {
    requires io.memcached4j;
    // read by the JMH codec and metrics benchmarks in the test sources, which the build patches into this module
    requires io.memcached4j.core;
    requires io.memcached4j.process;
    requires io.memcached4j.micrometer;
    requires io.memcached4j.testkit;
    requires jdk.management;
    requires spymemcached;
    requires xmemcached;
    requires folsom;
}
