package io.memcached4j.internal;

import io.memcached4j.spi.NamedProvider;

import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How a provider is chosen, for {@link io.memcached4j.Memcached} (transport, key enumerator,
 * capability detector) and for client-core (the wire codec). Not for applications: its package is
 * exported only to {@code io.memcached4j.core}. With none found, an {@link IllegalStateException} names
 * the Maven artifact to add; with several, the one asked for by name, else the highest
 * {@link NamedProvider#priority()}. The choice is logged once at DEBUG through {@link System.Logger};
 * only a choice that needs action (two providers of the same, highest priority and none named) is
 * logged at WARNING.
 */
public final class Providers {
    private static final System.Logger LOG = System.getLogger("io.memcached4j");
    private static final Set<String> LOGGED = ConcurrentHashMap.newKeySet();

    private Providers() {
    }

    /**
     * Loads the providers of a type with the thread context class loader (the system class loader
     * when a thread has none) and picks one.
     *
     * @param type the SPI interface
     * @param requestedName the name asked for, or null for the highest priority
     * @param artifact the artifact to name when none is found, such as {@code memcached-transport-nio}
     * @param <P> the SPI type
     * @return the chosen provider
     * @throws IllegalStateException when none is found, or none has the requested name
     */
    public static <P extends NamedProvider> P select(Class<P> type, String requestedName, String artifact) {
        return select(type, ServiceLoader.load(type), requestedName, artifact);
    }

    /**
     * Picks one of the providers a {@link ServiceLoader} finds, by the rules above: for a service
     * type declared in another module, whose module-info declares {@code uses} it and so must create
     * the loader itself ({@code ServiceLoader.load(type)}, which reads the thread context class loader).
     *
     * @param type the SPI interface
     * @param loader the loader of that type, created by the module that uses it
     * @param requestedName the name asked for, or null for the highest priority
     * @param artifact the artifact to name when none is found
     * @param <P> the SPI type
     * @return the chosen provider
     * @throws IllegalStateException when none is found, or none has the requested name
     */
    public static <P extends NamedProvider> P select(Class<P> type, ServiceLoader<P> loader, String requestedName,
                                                     String artifact) {
        List<P> found = new ArrayList<>();
        loader.forEach(found::add);
        return choose(type, found, requestedName, artifact);
    }

    /**
     * Picks one of the providers found, by the rules above. Package-private: applications call
     * {@link #select}.
     *
     * @param type the SPI interface
     * @param found the providers found
     * @param requestedName the name asked for, or null
     * @param artifact the artifact to name when none is found
     * @param <P> the SPI type
     * @return the chosen provider
     */
    static <P extends NamedProvider> P choose(Class<P> type, List<P> found, String requestedName, String artifact) {
        if (found.isEmpty()) {
            throw new IllegalStateException("No " + type.getSimpleName() + " found on the class path: add the "
                    + "Maven artifact io.memcached4j:" + artifact + " to your dependencies");
        }
        P chosen;
        String why;
        Level level = Level.DEBUG;
        if (requestedName != null) {
            chosen = found.stream().filter(p -> p.name().equals(requestedName)).findFirst()
                    .orElseThrow(() -> new IllegalStateException("No " + type.getSimpleName() + " named \""
                            + requestedName + "\"; found: " + names(found)));
            why = "requested by name";
        } else {
            chosen = found.stream()
                    .max(Comparator.comparingInt(NamedProvider::priority)
                            .thenComparing(NamedProvider::name, Comparator.reverseOrder()))
                    .orElseThrow();
            why = found.size() == 1 ? "the only one found" : "highest priority of " + names(found);
            int top = chosen.priority();
            if (found.stream().filter(p -> p.priority() == top).count() > 1) {
                level = Level.WARNING;
                why = why + "; several share the highest priority: name one with the configuration or -D"
                        + "memcached4j.transport";
            }
        }
        if (LOGGED.add(type.getName() + "/" + chosen.name())) {
            LOG.log(level, "memcached4j uses {0} \"{1}\" ({2})", type.getSimpleName(), chosen.name(), why);
        }
        return chosen;
    }

    private static List<String> names(List<? extends NamedProvider> found) {
        return found.stream().map(p -> p.name() + " (priority " + p.priority() + ")").toList();
    }
}
