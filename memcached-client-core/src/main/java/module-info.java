/**
 * The client logic every transport shares: a transport implements
 * {@link io.memcached4j.core.RequestDispatcher} and gets a complete
 * {@link io.memcached4j.MemcachedClient} from {@link io.memcached4j.core.DispatchingClient}.
 */
module io.memcached4j.core {
    requires transitive io.memcached4j;

    exports io.memcached4j.core;
}
