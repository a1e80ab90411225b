/**
 * A real {@code memcached} process for integration tests and load runs: started on a free loopback
 * port, stopped, paused and restarted by process id. Depends only on the API.
 */
module io.memcached4j.process {
    requires transitive io.memcached4j;

    exports io.memcached4j.process;
}
