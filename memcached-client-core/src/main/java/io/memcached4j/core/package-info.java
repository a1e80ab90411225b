/**
 * The client logic every transport shares: argument checks, request building, reply mapping,
 * multi-get split and merge, sync over async. A transport implements
 * {@link io.memcached4j.core.RequestDispatcher}; {@link io.memcached4j.core.DispatchingClient}
 * does the rest.
 */
package io.memcached4j.core;
