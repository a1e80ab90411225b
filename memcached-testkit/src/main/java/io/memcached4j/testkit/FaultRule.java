package io.memcached4j.testkit;

import io.memcached4j.protocol.text.server.ServerRequest;
import io.memcached4j.testkit.internal.server.Directive;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * One fault installed on a {@link FakeMemcached}: what it does to the requests a
 * {@link RequestMatcher} selects, for the next N matches or until removed. Created with
 * {@link Faults#on(RequestMatcher)}; thread-safe.
 *
 * <pre>{@code
 * FaultRule rule = fake.faults().onCommand("get").times(2).replyServerError("busy");
 * // ... the next two gets fail ...
 * assertEquals(2, rule.matchCount());
 * assertFalse(rule.isActive());
 * }</pre>
 */
public final class FaultRule {
    private final Faults owner;
    private final RequestMatcher matcher;
    private final Function<RecordedRequest, Directive> directive;
    private final String description;
    private final int limit;
    private final AtomicInteger matches = new AtomicInteger();
    private volatile boolean removed;

    private FaultRule(Builder builder, Function<RecordedRequest, Directive> directive, String description) {
        this.owner = builder.owner;
        this.matcher = builder.matcher;
        this.limit = builder.times;
        this.directive = directive;
        this.description = description;
    }

    /** @return how many requests this rule has been applied to */
    public int matchCount() {
        return matches.get();
    }

    /** @return whether the rule still applies: neither removed nor used up its {@link Builder#times(int)} */
    public boolean isActive() {
        return !removed && (limit < 0 || matches.get() < limit);
    }

    /** Removes the rule; requests already affected keep their fate (a held reply stays held). */
    public void remove() {
        removed = true;
        owner.removeRule(this);
    }

    /**
     * Applies the rule to a request if it matches and has uses left.
     *
     * @return the directive, or null when the rule does not apply
     */
    Directive apply(RecordedRequest request) {
        if (removed || !matcher.matches(request)) {
            return null;
        }
        while (true) {
            int used = matches.get();
            if (limit >= 0 && used >= limit) {
                return null;
            }
            if (matches.compareAndSet(used, used + 1)) {
                if (limit >= 0 && used + 1 == limit) {
                    owner.removeRule(this);
                }
                return directive.apply(request);
            }
        }
    }

    @Override
    public String toString() {
        return "FaultRule[" + description + (limit < 0 ? "" : ", " + limit + " times") + ", matched "
                + matches.get() + "]";
    }

    /**
     * Chooses what happens to the matching requests; each action installs the rule and returns it.
     * Rules apply in the order they were installed: the first one that matches a request decides its fate.
     */
    public static final class Builder {
        private final Faults owner;
        private final RequestMatcher matcher;
        private int times = -1;

        Builder(Faults owner, RequestMatcher matcher) {
            this.owner = owner;
            this.matcher = Objects.requireNonNull(matcher, "matcher");
        }

        /**
         * Limits the rule to the next {@code count} matching requests; without it the rule is permanent.
         *
         * @param count how many requests, at least 1
         * @return this builder
         */
        public Builder times(int count) {
            if (count < 1) {
                throw new IllegalArgumentException("times must be at least 1: " + count);
            }
            this.times = count;
            return this;
        }

        /**
         * Executes the request at once but holds its reply back for {@code delay} of real time (not the
         * fake's clock: client timeouts run on real time). Later replies on the same connection wait
         * behind it, as on a slow link; other connections are not affected.
         *
         * @param delay how long, zero or more
         * @return the installed rule
         */
        public FaultRule delay(Duration delay) {
            return install(new Directive(true, null, nanos(delay), -1, false), "delay " + delay);
        }

        private static long nanos(Duration delay) {
            if (delay.isNegative()) {
                throw new IllegalArgumentException("negative delay: " + delay);
            }
            try {
                return delay.toNanos();
            } catch (ArithmeticException e) {
                return Long.MAX_VALUE;
            }
        }

        /**
         * Executes the request but never replies to it, nor to anything after it on the same connection;
         * the server keeps reading (and recording) that connection's requests. Other connections are
         * not affected.
         *
         * @return the installed rule
         */
        public FaultRule stall() {
            return install(new Directive(true, null, Long.MAX_VALUE, -1, false), "stall");
        }

        /**
         * Answers {@code SERVER_ERROR <message>} instead of executing the request (even a {@code noreply} one).
         *
         * @param message the text after {@code SERVER_ERROR }, one line
         * @return the installed rule
         */
        public FaultRule replyServerError(String message) {
            if (message.indexOf('\r') >= 0 || message.indexOf('\n') >= 0) {
                throw new IllegalArgumentException("the message must be one line");
            }
            byte[] reply = ("SERVER_ERROR " + message + "\r\n").getBytes(StandardCharsets.UTF_8);
            return install(new Directive(false, reply, 0, -1, false), "SERVER_ERROR " + message);
        }

        /**
         * Answers these bytes, verbatim, instead of executing the request: garbage a client must
         * survive, or any reply a test wants to script.
         *
         * @param reply the bytes (copied)
         * @return the installed rule
         */
        public FaultRule replyBytes(byte[] reply) {
            return install(new Directive(false, reply.clone(), 0, -1, false), "reply " + reply.length + " bytes");
        }

        /**
         * Closes the connection instead of executing the request: the replies to the requests before
         * it are written (after their own delays), then the connection closes; later requests on it are
         * ignored.
         *
         * @return the installed rule
         */
        public FaultRule closeConnection() {
            return install(new Directive(false, null, 0, -1, true), "close connection");
        }

        /**
         * Executes the request, writes only the first {@code bytes} bytes of its reply, then closes the
         * connection: a reply cut off mid-way.
         *
         * @param bytes how many bytes of the reply to write, 0 or more
         * @return the installed rule
         */
        public FaultRule truncateReply(int bytes) {
            if (bytes < 0) {
                throw new IllegalArgumentException("negative byte count: " + bytes);
            }
            return install(new Directive(true, null, 0, bytes, true), "truncate reply after " + bytes + " bytes");
        }

        /**
         * Answers with the reply to another request: the request is executed as if it named
         * {@code otherKey} instead of its (first) key, and a meta command's opaque token ({@code O})
         * is replaced by another, so the reply is the one another client's request for that key
         * would get. The data block of a storage command is kept (and stored under the other key). A
         * request that names no key is answered normally.
         *
         * @param otherKey the key the reply is for
         * @return the installed rule
         */
        public FaultRule replyForKey(String otherKey) {
            Objects.requireNonNull(otherKey, "otherKey");
            if (otherKey.isEmpty() || otherKey.chars().anyMatch(c -> c <= ' ' || c == 0x7f)) {
                throw new IllegalArgumentException("not a key: \"" + otherKey + "\"");
            }
            return install(request -> {
                ServerRequest other = OtherKeyRequest.of(request, otherKey);
                return other == null ? Directive.PROCEED : new Directive(true, null, 0, -1, false, other, -1, false, null);
            }, "reply for key " + otherKey);
        }

        /**
         * Executes the request and writes its reply followed by {@code extra}, in the same write: an
         * unsolicited reply that arrives together with a real one.
         *
         * @param extra the bytes after the reply (copied), such as {@code VALUE k 0 1\r\nx\r\nEND\r\n}
         * @return the installed rule
         */
        public FaultRule extraReply(byte[] extra) {
            if (extra.length == 0) {
                throw new IllegalArgumentException("no extra bytes");
            }
            byte[] copy = extra.clone();
            return install(new Directive(true, null, 0, -1, false, null, -1, false, copy),
                    "extra reply of " + copy.length + " bytes");
        }

        /**
         * Executes the request and writes its reply twice, in the same write.
         *
         * @return the installed rule
         */
        public FaultRule duplicateReply() {
            return install(new Directive(true, null, 0, -1, false, null, -1, true, null), "duplicate reply");
        }

        /**
         * Executes the request, writes the first {@code bytes} bytes of its reply at once and the rest
         * after {@code delay} of real time; later replies on the same connection wait behind it. A reply
         * of {@code bytes} bytes or fewer is held back whole.
         *
         * @param bytes how many bytes go at once, 0 or more
         * @param delay how long the rest is held back, zero or more
         * @return the installed rule
         */
        public FaultRule splitReply(int bytes, Duration delay) {
            if (bytes < 0) {
                throw new IllegalArgumentException("negative byte count: " + bytes);
            }
            return install(new Directive(true, null, nanos(delay), -1, false, null, bytes, false, null),
                    "split reply after " + bytes + " bytes, the rest delayed " + delay);
        }

        private FaultRule install(Directive directive, String description) {
            return install(request -> directive, description);
        }

        private FaultRule install(Function<RecordedRequest, Directive> directive, String description) {
            FaultRule rule = new FaultRule(this, directive, description);
            owner.addRule(rule);
            return rule;
        }
    }
}
