package io.memcached4j.spi;

/**
 * What every provider of this SPI has: a name users can ask for and a priority that decides
 * between several found at once (highest wins).
 */
public interface NamedProvider {
    /**
     * Returns the name users choose this provider by, such as {@code nio}.
     *
     * @return the name, lower case, no spaces
     */
    String name();

    /**
     * Returns the priority among providers of the same kind; the highest is chosen when none is named.
     *
     * @return the priority, 0 by default
     */
    default int priority() {
        return 0;
    }
}
