package io.memcached4j.testkit;

import io.memcached4j.testkit.server.Interceptor;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;

/**
 * What a {@link FakeMemcached} does instead of (or before) answering a request, for tests of
 * timeouts, reconnects and error handling. Install one with
 * {@link FakeMemcached#fault(String, Fault)} or {@link FakeMemcached#faultOnce(String, Fault)}.
 *
 * <pre>{@code
 * fake.faultOnce("get", Fault.delay(Duration.ofSeconds(2)));   // the next get answers late
 * fake.fault("set", Fault.serverError("out of memory storing object"));
 * fake.fault("*", Fault.disconnect());                         // every request drops its connection
 * }</pre>
 */
public final class Fault {
    private final Interceptor.Kind kind;
    private final Duration delay;
    private final byte[] reply;

    private Fault(Interceptor.Kind kind, Duration delay, byte[] reply) {
        this.kind = kind;
        this.delay = delay;
        this.reply = reply;
    }

    /**
     * Executes the request normally but answers it (and everything after it on that connection)
     * only after a delay; replies keep their order.
     *
     * @param delay how long to hold the reply, in real time
     * @return the fault
     */
    public static Fault delay(Duration delay) {
        if (delay.isNegative()) {
            throw new IllegalArgumentException("delay must not be negative: " + delay);
        }
        return new Fault(Interceptor.Kind.DELAY, delay, null);
    }

    /**
     * Never answers the request nor anything after it on that connection; the connection stays open.
     *
     * @return the fault
     */
    public static Fault stall() {
        return new Fault(Interceptor.Kind.STALL, Duration.ZERO, null);
    }

    /**
     * Closes the connection instead of executing the request (replies to earlier requests are sent first).
     *
     * @return the fault
     */
    public static Fault disconnect() {
        return new Fault(Interceptor.Kind.DISCONNECT, Duration.ZERO, null);
    }

    /**
     * Answers {@code SERVER_ERROR <message>} instead of executing the request.
     *
     * @param message the error text
     * @return the fault
     */
    public static Fault serverError(String message) {
        return reply("SERVER_ERROR " + message + "\r\n");
    }

    /**
     * Answers these exact bytes instead of executing the request (garbage, a truncated reply, ...).
     *
     * @param raw the bytes, as ISO-8859-1 text
     * @return the fault
     */
    public static Fault reply(String raw) {
        return new Fault(Interceptor.Kind.REPLY, Duration.ZERO, Objects.requireNonNull(raw, "raw").getBytes(StandardCharsets.ISO_8859_1));
    }

    Interceptor.Action action() {
        return new Interceptor.Action(kind, delay.toNanos(), reply == null ? null : reply.clone());
    }

    @Override
    public String toString() {
        return switch (kind) {
            case DELAY -> "delay " + delay;
            case REPLY -> "reply " + new String(reply, StandardCharsets.ISO_8859_1).strip();
            default -> kind.name().toLowerCase(java.util.Locale.ROOT);
        };
    }
}
