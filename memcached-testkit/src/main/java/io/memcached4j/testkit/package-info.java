/**
 * A fake memcached for tests: {@link io.memcached4j.testkit.FakeMemcached} over TCP or in memory
 * (transport {@code inmem}), with a controllable clock, injected faults and a log of the requests
 * it received.
 */
package io.memcached4j.testkit;
