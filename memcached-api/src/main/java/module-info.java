/**
 * The memcached4j API: what applications and libraries compile against.
 *
 * <p>{@code io.memcached4j} holds the client interfaces, value types and exceptions;
 * {@code io.memcached4j.spi} holds what implementations provide, found with {@link java.util.ServiceLoader};
 * {@code io.memcached4j.transcoder} turns Java values into stored bytes and flags, and back.
 */
module io.memcached4j {
    exports io.memcached4j;
    exports io.memcached4j.spi;
    exports io.memcached4j.transcoder;

    uses io.memcached4j.spi.TransportProvider;
    uses io.memcached4j.spi.KeyEnumeratorProvider;
    uses io.memcached4j.spi.CapabilityDetectorProvider;
}
