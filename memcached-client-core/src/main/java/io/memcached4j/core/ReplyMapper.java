package io.memcached4j.core;

import io.memcached4j.core.codec.Request;

/**
 * Turns a decoded reply into what the API method returns; the transport applies it where the
 * reply is decoded. Stateless mappers are shared constants, so completing a request allocates
 * nothing more. A mapper may throw a {@link io.memcached4j.MemcachedException}, which fails the
 * request's future.
 *
 * @param <D> the decoded reply type of the request
 * @param <T> the result type
 */
@FunctionalInterface
public interface ReplyMapper<D, T> {
    /**
     * Maps a reply.
     *
     * @param request the request answered
     * @param reply the decoded reply
     * @return the result
     */
    T map(Request<D> request, D reply);
}
