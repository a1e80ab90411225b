/** The memcached client over java.nio, provided as the transport {@code nio}. */
module io.memcached4j.transport.nio {
    requires io.memcached4j;
    requires org.slf4j;

    provides io.memcached4j.spi.TransportProvider with io.memcached4j.transport.nio.NioTransportProvider;
}
