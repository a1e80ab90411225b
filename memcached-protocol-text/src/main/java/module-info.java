/** The memcached text protocol, classic and meta commands, in both directions. */
module io.memcached4j.protocol.text {
    requires transitive io.memcached4j;

    exports io.memcached4j.protocol.text;

    provides io.memcached4j.spi.ProtocolCodecProvider with io.memcached4j.protocol.text.TextProtocolCodecProvider;
}
