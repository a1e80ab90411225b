/** Key enumeration with lru_crawler metadump, and capability detection, over any transport. */
module io.memcached4j.enumeration {
    requires io.memcached4j;
}
