package io.memcached4j.internal;

import io.memcached4j.CasItem;
import io.memcached4j.Item;

/**
 * Makes the items of a reply under keys the client already checked with
 * {@link io.memcached4j.Keys#requireValid} (its request's own key strings), without checking each
 * key a second time. Not for applications: its package is exported only to client-core and the
 * text protocol, and an item made here with a key that was not checked could carry a line break
 * into a later request.
 */
public final class TrustedItems {
    private static volatile Factory factory;

    private TrustedItems() {
    }

    /**
     * Makes an item without checking its key.
     *
     * @param checkedKey a key already checked
     * @param value the value
     * @param flags the flags
     * @param expiration the expiration
     * @return the item
     */
    public static Item item(String checkedKey, byte[] value, int flags, int expiration) {
        return factory().item(checkedKey, value, flags, expiration);
    }

    /**
     * Makes an item with a token without checking its key.
     *
     * @param checkedKey a key already checked
     * @param value the value
     * @param flags the flags
     * @param expiration the expiration
     * @param cas the token
     * @return the item
     */
    public static CasItem casItem(String checkedKey, byte[] value, int flags, int expiration, long cas) {
        return factory().casItem(checkedKey, value, flags, expiration, cas);
    }

    /**
     * Called once, by {@link Item}'s class initializer, with the factory of its private constructors.
     *
     * @param itemFactory the factory
     * @throws IllegalStateException when a factory is installed already
     */
    public static synchronized void install(Factory itemFactory) {
        if (factory != null) {
            throw new IllegalStateException("the item factory is installed already");
        }
        factory = itemFactory;
    }

    private static Factory factory() {
        Factory f = factory;
        if (f == null) {
            Item.of("k", new byte[0]); // initializes Item, which installs its factory
            f = factory;
        }
        return f;
    }

    /** What {@link Item} installs: its constructors that take a checked key. */
    public interface Factory {
        /**
         * @param checkedKey a key already checked
         * @param value the value
         * @param flags the flags
         * @param expiration the expiration
         * @return the item
         */
        Item item(String checkedKey, byte[] value, int flags, int expiration);

        /**
         * @param checkedKey a key already checked
         * @param value the value
         * @param flags the flags
         * @param expiration the expiration
         * @param cas the token
         * @return the item
         */
        CasItem casItem(String checkedKey, byte[] value, int flags, int expiration, long cas);
    }
}
