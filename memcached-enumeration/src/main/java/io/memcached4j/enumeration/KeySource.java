package io.memcached4j.enumeration;

import io.memcached4j.KeyInfo;

/** Keys read one at a time from one server or several; closing releases the connections at once. */
interface KeySource extends AutoCloseable {
    /**
     * Reads the next key, blocking until it arrives.
     *
     * @return the key, or null when the dump is over
     */
    KeyInfo next();

    /** Releases every connection and thread; idempotent. */
    @Override
    void close();
}
