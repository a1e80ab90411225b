package io.memcached4j;

/**
 * A compare-and-swap lost: the item changed since its CAS token was read (memcached answered {@code EXISTS}).
 */
public class CasConflictException extends MemcachedException {
    private static final long serialVersionUID = 1L;

    private final String key;

    /**
     * Creates the exception.
     *
     * @param key the key concerned
     * @param message what happened
     */
    public CasConflictException(String key, String message) {
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
