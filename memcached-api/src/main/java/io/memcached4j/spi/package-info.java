/**
 * The service-provider interfaces: what a transport, a codec, a key enumerator or a capability
 * detector implements to be found with {@link java.util.ServiceLoader}. Applications do not
 * call these types.
 */
package io.memcached4j.spi;
