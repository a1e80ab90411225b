/**
 * What applications and libraries compile against: {@link io.memcached4j.MemcachedClient} and its
 * asynchronous view, the value types, the unchecked {@link io.memcached4j.MemcachedException}
 * hierarchy, key rules ({@link io.memcached4j.Keys}) and the {@link io.memcached4j.Memcached}
 * entry point, which finds a transport on the class path.
 */
package io.memcached4j;
