package io.memcached4j.testkit;

import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Selects the requests a fault applies to; see {@link Faults#on(RequestMatcher)}. Any predicate
 * over a {@link RecordedRequest} will do; the factories cover the usual cases:
 *
 * <pre>{@code
 * fake.faults().on(command("get", "gets").and(keyPrefix("user:"))).replyServerError("out of memory");
 * fake.faults().on(request -> request.dataLength() > 1000).closeConnection();
 * }</pre>
 *
 * <p>Matchers run on the server's thread, for every request: they must be quick and must not
 * block (nor call back into the fake's blocking methods such as {@code takeRequest}).
 */
@FunctionalInterface
public interface RequestMatcher {

    /**
     * Tells whether the fault applies.
     *
     * @param request the request as recorded
     * @return true when it matches
     */
    boolean matches(RecordedRequest request);

    /**
     * Matches when both match.
     *
     * @param other the other matcher
     * @return the conjunction
     */
    default RequestMatcher and(RequestMatcher other) {
        Objects.requireNonNull(other, "other");
        return request -> matches(request) && other.matches(request);
    }

    /**
     * Matches when either matches.
     *
     * @param other the other matcher
     * @return the disjunction
     */
    default RequestMatcher or(RequestMatcher other) {
        Objects.requireNonNull(other, "other");
        return request -> matches(request) || other.matches(request);
    }

    /** @return a matcher that matches what this one does not */
    default RequestMatcher negate() {
        return request -> !matches(request);
    }

    /** @return a matcher for every request */
    static RequestMatcher any() {
        return request -> true;
    }

    /**
     * Matches requests by command word, exactly as sent ({@code "get"}, {@code "set"}, {@code "mg"}, ...).
     *
     * @param names the command words, at least one
     * @return the matcher
     */
    static RequestMatcher command(String... names) {
        if (names.length == 0) {
            throw new IllegalArgumentException("at least one command name is needed");
        }
        Set<String> set = Set.copyOf(List.of(names));
        return request -> set.contains(request.command());
    }

    /**
     * Matches requests that name a key (any of a multi-get's keys).
     *
     * @param key the key
     * @return the matcher
     */
    static RequestMatcher key(String key) {
        Objects.requireNonNull(key, "key");
        return request -> request.keys().contains(key);
    }

    /**
     * Matches requests that name a key starting with a prefix (any of a multi-get's keys).
     *
     * @param prefix the prefix
     * @return the matcher
     */
    static RequestMatcher keyPrefix(String prefix) {
        Objects.requireNonNull(prefix, "prefix");
        return request -> request.keys().stream().anyMatch(k -> k.startsWith(prefix));
    }
}
