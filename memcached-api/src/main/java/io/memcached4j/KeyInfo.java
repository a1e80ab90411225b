package io.memcached4j;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@code lru_crawler metadump} tells about one key.
 *
 * @param key the key, URI-decoded
 * @param expiration when the item expires, empty when it never does
 * @param lastAccess when the item was last read or written
 * @param cas the item's CAS token
 * @param fetched whether the item was read since it was stored
 * @param slabClass the slab class id the item lives in
 * @param size the item's total size in memcached, in bytes (key, value and header)
 * @param server the server the key was found on
 */
public record KeyInfo(String key, Optional<Instant> expiration, Instant lastAccess, long cas,
                      boolean fetched, int slabClass, int size, ServerAddress server) {
    /**
     * Validates the components.
     *
     * @param key the key
     * @param expiration the expiration
     * @param lastAccess the last access
     * @param cas the token
     * @param fetched whether fetched
     * @param slabClass the slab class
     * @param size the size
     * @param server the server
     */
    public KeyInfo {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(expiration, "expiration");
        Objects.requireNonNull(lastAccess, "lastAccess");
        Objects.requireNonNull(server, "server");
    }

    /**
     * Tells whether the item never expires.
     *
     * @return true when there is no expiration
     */
    public boolean neverExpires() {
        return expiration.isEmpty();
    }
}
