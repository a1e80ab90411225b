/**
 * The testkit's JUnit 5 extension: {@link io.memcached4j.testkit.junit.WithFakeMemcached} starts a
 * fake for a test class or method and injects it, its address, a client and its clock.
 */
package io.memcached4j.testkit.junit;
