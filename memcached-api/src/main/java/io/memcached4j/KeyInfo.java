package io.memcached4j;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@code lru_crawler metadump} tells about one key. An immutable value made by {@link #of};
 * it may gain properties, so it has no public constructor.
 */
public final class KeyInfo {
    private final String key;
    private final Instant expiration;
    private final Instant lastAccess;
    private final long cas;
    private final boolean fetched;
    private final int slabClass;
    private final int size;
    private final ServerAddress server;

    private KeyInfo(String key, Instant expiration, Instant lastAccess, long cas, boolean fetched, int slabClass,
                    int size, ServerAddress server) {
        this.key = Objects.requireNonNull(key, "key");
        this.expiration = expiration;
        this.lastAccess = Objects.requireNonNull(lastAccess, "lastAccess");
        this.cas = cas;
        this.fetched = fetched;
        this.slabClass = slabClass;
        this.size = size;
        this.server = Objects.requireNonNull(server, "server");
    }

    /**
     * Returns what is known about a key.
     *
     * @param key the key, URI-decoded
     * @param expiration when the item expires, null when it never does
     * @param lastAccess when the item was last read or written
     * @param cas the item's CAS token
     * @param fetched whether the item was read since it was stored
     * @param slabClass the slab class id the item lives in
     * @param size the item's total size in memcached, in bytes (key, value and header)
     * @param server the server the key was found on
     * @return the key's information
     */
    public static KeyInfo of(String key, Instant expiration, Instant lastAccess, long cas, boolean fetched,
                             int slabClass, int size, ServerAddress server) {
        return new KeyInfo(key, expiration, lastAccess, cas, fetched, slabClass, size, server);
    }

    /** @return the key, URI-decoded */
    public String key() {
        return key;
    }

    /** @return when the item expires, empty when it never does */
    public Optional<Instant> expiration() {
        return Optional.ofNullable(expiration);
    }

    /**
     * Tells whether the item never expires.
     *
     * @return true when there is no expiration
     */
    public boolean neverExpires() {
        return expiration == null;
    }

    /** @return when the item was last read or written */
    public Instant lastAccess() {
        return lastAccess;
    }

    /** @return the item's CAS token */
    public long cas() {
        return cas;
    }

    /** @return whether the item was read since it was stored */
    public boolean fetched() {
        return fetched;
    }

    /** @return the slab class id the item lives in */
    public int slabClass() {
        return slabClass;
    }

    /** @return the item's total size in memcached, in bytes (key, value and header) */
    public int size() {
        return size;
    }

    /** @return the server the key was found on */
    public ServerAddress server() {
        return server;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof KeyInfo k && key.equals(k.key) && Objects.equals(expiration, k.expiration)
                && lastAccess.equals(k.lastAccess) && cas == k.cas && fetched == k.fetched
                && slabClass == k.slabClass && size == k.size && server.equals(k.server);
    }

    @Override
    public int hashCode() {
        return Objects.hash(key, expiration, lastAccess, cas, fetched, slabClass, size, server);
    }

    @Override
    public String toString() {
        return "KeyInfo[key=" + key + ", expiration=" + (expiration == null ? "never" : expiration)
                + ", lastAccess=" + lastAccess + ", cas=" + Long.toUnsignedString(cas) + ", fetched=" + fetched
                + ", slabClass=" + slabClass + ", size=" + size + ", server=" + server + "]";
    }
}
