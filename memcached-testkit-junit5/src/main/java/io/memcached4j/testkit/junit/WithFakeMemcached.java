package io.memcached4j.testkit.junit;

import io.memcached4j.testkit.FakeMemcached;
import org.junit.jupiter.api.extension.ExtendWith;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Gives a test class a {@link FakeMemcached}: a fresh one for each test (the default) or one for
 * the whole class, closed when it ends. Test methods, {@code @BeforeEach}/{@code @AfterEach}
 * methods (and, with {@link Scope#PER_CLASS}, {@code @BeforeAll}/{@code @AfterAll} methods and
 * constructors) declare what they need as parameters:
 * <ul>
 *   <li>{@link FakeMemcached}: the fake;</li>
 *   <li>{@link io.memcached4j.ServerAddress}: its address;</li>
 *   <li>{@link io.memcached4j.MemcachedClient}: a client connected to it with
 *       {@code Memcached.connect(...)}, opened on first use and closed with the fake. It uses the
 *       transport of highest priority on the test class path: {@code memcached-transport-nio}
 *       (over TCP) when present, else the testkit's own in-memory transport {@code inmem}, which
 *       reaches the same fake without a socket, its faults and request log included;</li>
 *   <li>{@link io.memcached4j.testkit.ManualClock}: the fake's clock, with {@link #manualClock()};</li>
 *   <li>{@link io.memcached4j.ClientConfig}: the configuration of that client, to open more like it;</li>
 *   <li>{@link io.memcached4j.testkit.tls.TlsMaterial}: with {@link #tls()}, the certificates the fake
 *       serves and the client trusts.</li>
 * </ul>
 *
 * <pre>{@code
 * @WithFakeMemcached(manualClock = true)
 * class SessionCacheTest {
 *     @Test
 *     void expires(MemcachedClient client, ManualClock clock) {
 *         client.set("session", "data".getBytes(UTF_8), 0, 60);
 *         clock.advance(Duration.ofSeconds(61));
 *         assertTrue(client.get("session").isEmpty());
 *     }
 * }
 * }</pre>
 *
 * <p>Safe with JUnit's parallel execution: each test's fake lives in its own extension context;
 * a per-class fake is shared by the class's tests (it is thread-safe, but its request log and
 * faults are shared too). Nested test classes find the annotation on their enclosing class and
 * get their own per-class fake.
 */
@Target({ElementType.TYPE, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(FakeMemcachedExtension.class)
public @interface WithFakeMemcached {

    /** @return whether each test gets a fresh fake or the class's tests share one */
    Scope scope() default Scope.PER_TEST;

    /** @return whether the fake runs on a {@link io.memcached4j.testkit.ManualClock} (which tests can inject) */
    boolean manualClock() default false;

    /** @return the version the fake announces, e.g. {@code "1.4.30"} to play an old server */
    String version() default "1.6.18";

    /** @return the fake's memory limit in bytes (memcached's {@code -m}), at least 1 MiB */
    long memoryLimit() default 64L * 1024 * 1024;

    /**
     * @return whether the fake requires TLS, with a certificate made for the test (signed by a CA
     *     made for it too, naming {@code 127.0.0.1}, {@code ::1} and {@code localhost}); the
     *     injected client and {@code ClientConfig} trust that CA. TLS applies to TCP clients (the
     *     {@code nio} transport), not to the in-memory transport.
     */
    boolean tls() default false;

    /** How long a fake lives. */
    enum Scope {
        /** A fresh fake for every test, closed after it. */
        PER_TEST,
        /** One fake for all the tests of the class, closed after them. */
        PER_CLASS
    }
}
