package io.memcached4j;

/**
 * The item an operation needed is not in the cache, such as a compare-and-swap of a key that is gone.
 */
public class CacheMissException extends MemcachedException {
    private static final long serialVersionUID = 1L;

    private final String key;

    /**
     * Creates the exception.
     *
     * @param key the key concerned
     * @param message what happened
     */
    public CacheMissException(String key, String message) {
        super(message);
        this.key = key;
    }

    /**
     * Returns the key the operation concerned.
     *
     * @return the key
     */
    public String key() {
        return key;
    }
}
