package io.memcached4j.testkit.junit;

import org.junit.jupiter.api.extension.ExtendWith;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Gives a JUnit 5 test class a {@link io.memcached4j.testkit.FakeMemcached}: test methods (and
 * constructors and lifecycle methods) may declare parameters of type {@code FakeMemcached},
 * {@code ServerAddress}, {@code ManualClock} (the fake's clock) and {@code MemcachedClient}
 * (connected to the fake; needs a transport such as {@code memcached-transport-nio} on the
 * class path). Safe with JUnit's parallel execution.
 *
 * <pre>{@code
 * @WithFakeMemcached
 * class CacheTest {
 *     @Test
 *     void expires(FakeMemcached fake, ManualClock clock) { ... }
 * }
 * }</pre>
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(FakeMemcachedExtension.class)
public @interface WithFakeMemcached {

    /** How long one fake lives. */
    enum Scope {
        /** A fresh fake for every test method (the default). */
        PER_TEST,
        /** One fake for all the tests of the class. */
        PER_CLASS
    }

    /** @return the lifetime of a fake */
    Scope scope() default Scope.PER_TEST;

    /** @return the version string the fake answers */
    String version() default "1.6.18";
}
