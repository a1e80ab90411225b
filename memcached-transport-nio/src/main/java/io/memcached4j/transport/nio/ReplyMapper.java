package io.memcached4j.transport.nio;

import io.memcached4j.spi.Request;

/**
 * Turns a decoded reply into what the API method returns, on the event loop. Stateless mappers are
 * shared constants, so completing a request allocates nothing more. A mapper may throw a
 * {@link io.memcached4j.MemcachedException}, which fails the request's future.
 *
 * @param <D> the decoded reply type of the request
 * @param <T> the result type
 */
@FunctionalInterface
interface ReplyMapper<D, T> {
    /**
     * Maps a reply.
     *
     * @param request the request answered
     * @param reply the decoded reply
     * @return the result
     */
    T map(Request<D> request, D reply);
}
