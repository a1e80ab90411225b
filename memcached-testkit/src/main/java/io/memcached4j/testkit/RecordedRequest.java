package io.memcached4j.testkit;

import io.memcached4j.protocol.text.server.ServerRequest;

/**
 * A request a {@link FakeMemcached} received, in arrival order, for tests that assert what
 * their code sent.
 *
 * @param connection the connection's number, from 1 in accept order
 * @param sequence the request's number on the server, from 1
 * @param request the parsed request (its {@code command()} is the command word)
 */
public record RecordedRequest(long connection, long sequence, ServerRequest request) {
}
