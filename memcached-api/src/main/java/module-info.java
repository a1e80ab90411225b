/**
 * The memcached4j API: what applications and libraries compile against.
 *
 * <p>{@code io.memcached4j} holds the client interfaces, value types and exceptions;
 * {@code io.memcached4j.spi} holds what implementations provide, found with {@link java.util.ServiceLoader};
 * {@code io.memcached4j.transcoder} turns Java values into stored bytes and flags, and back.
 * {@code io.memcached4j.internal} (how a provider is chosen, items made under keys already checked) is
 * exported only to client-core and the text protocol.
 */
// "module": client-core and protocol-text, named in the qualified export, depend on this module, so it is not yet
// compiled when this one is ("module not found"); every other lint stays an error.
@SuppressWarnings("module")
module io.memcached4j {
    exports io.memcached4j;
    exports io.memcached4j.spi;
    exports io.memcached4j.transcoder;
    exports io.memcached4j.internal to io.memcached4j.core, io.memcached4j.protocol.text;

    uses io.memcached4j.spi.TransportProvider;
    uses io.memcached4j.spi.KeyEnumeratorProvider;
    uses io.memcached4j.spi.CapabilityDetectorProvider;
}
