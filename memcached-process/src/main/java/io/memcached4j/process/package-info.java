/**
 * Test support that needs only the API: {@link io.memcached4j.process.MemcachedProcess} starts a real
 * {@code memcached} ({@link io.memcached4j.process.MemcachedProcesses}: several),
 * {@link io.memcached4j.process.Await} waits for a condition, and
 * {@link io.memcached4j.process.RawTextSession} talks raw text protocol to a server.
 */
package io.memcached4j.process;
