/**
 * The service-provider interfaces: what a transport, a key enumerator or a capability
 * detector implements to be found with {@link java.util.ServiceLoader}. Applications do not
 * call these types. The wire codec contract the platform's transports share is not here: it is
 * {@code io.memcached4j.core.codec} in {@code memcached-client-core}, exported only to them.
 */
package io.memcached4j.spi;
