package io.memcached4j.testkit.junit;

import io.memcached4j.ClientConfig;
import io.memcached4j.Memcached;
import io.memcached4j.MemcachedClient;
import io.memcached4j.ServerAddress;
import io.memcached4j.TlsConfig;
import io.memcached4j.testkit.FakeMemcached;
import io.memcached4j.testkit.ManualClock;
import io.memcached4j.testkit.tls.TlsMaterial;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

import java.util.List;
import java.util.Optional;

/**
 * The JUnit 5 extension behind {@link WithFakeMemcached}: resolves {@link FakeMemcached},
 * {@link ServerAddress}, {@link MemcachedClient}, {@link ClientConfig}, {@link ManualClock} and
 * {@link TlsMaterial} parameters. The fake is
 * started on first use and kept in the JUnit {@link ExtensionContext.Store} of the test (or of
 * the class, for {@link WithFakeMemcached.Scope#PER_CLASS}), which closes it, and its client,
 * when that context ends. Without the annotation (registered with {@code @ExtendWith} alone) the
 * annotation's defaults apply.
 */
public final class FakeMemcachedExtension implements ParameterResolver {
    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(FakeMemcachedExtension.class);
    private static final String KEY = "fake";
    private static final List<Class<?>> TYPES =
            List.of(FakeMemcached.class, ServerAddress.class, MemcachedClient.class, ClientConfig.class, ManualClock.class,
                    TlsMaterial.class);

    /** Creates the extension; JUnit does, for {@code @ExtendWith}. */
    public FakeMemcachedExtension() {
        // stateless: everything lives in the extension context's store
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return TYPES.contains(parameterContext.getParameter().getType());
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        Class<?> type = parameterContext.getParameter().getType();
        FakeResource resource = resource(extensionContext);
        if (type == FakeMemcached.class) {
            return resource.fake();
        }
        if (type == ServerAddress.class) {
            return resource.fake().address();
        }
        if (type == ClientConfig.class) {
            return resource.config();
        }
        if (type == TlsMaterial.class) {
            return resource.tls().orElseThrow(() -> new ParameterResolutionException(
                    "the fake has no TLS: use @WithFakeMemcached(tls = true)"));
        }
        if (type == ManualClock.class) {
            return resource.clock().orElseThrow(() -> new ParameterResolutionException(
                    "the fake has no manual clock: use @WithFakeMemcached(manualClock = true)"));
        }
        return resource.client();
    }

    private static FakeResource resource(ExtensionContext context) {
        WithFakeMemcached settings = settings(context.getRequiredTestClass());
        ExtensionContext owner = context;
        if (settings.scope() == WithFakeMemcached.Scope.PER_CLASS) {
            while (owner.getTestMethod().isPresent() && owner.getParent().isPresent()) {
                owner = owner.getParent().get();
            }
        } else if (owner.getTestMethod().isEmpty()) {
            throw new ParameterResolutionException("a per-test fake exists only for a test: inject it into test, "
                    + "@BeforeEach or @AfterEach methods, or use @WithFakeMemcached(scope = Scope.PER_CLASS)");
        }
        return owner.getStore(NAMESPACE).getOrComputeIfAbsent(KEY, key -> FakeResource.start(settings),
                FakeResource.class);
    }

    /** The annotation on the class, a superclass or an enclosing class; the defaults without one. */
    private static WithFakeMemcached settings(Class<?> testClass) {
        for (Class<?> c = testClass; c != null; c = c.getEnclosingClass()) {
            WithFakeMemcached found = c.getAnnotation(WithFakeMemcached.class);
            if (found == null) {
                for (var annotation : c.getAnnotations()) {
                    found = annotation.annotationType().getAnnotation(WithFakeMemcached.class);
                    if (found != null) {
                        break;
                    }
                }
            }
            if (found != null) {
                return found;
            }
        }
        return Defaults.class.getAnnotation(WithFakeMemcached.class);
    }

    @WithFakeMemcached
    private static final class Defaults {
    }

    /** A fake, its clock, its TLS material and its lazily opened client; closed by JUnit with the context that holds it. */
    private static final class FakeResource implements AutoCloseable {
        private final FakeMemcached fake;
        private final ManualClock clock;
        private final TlsMaterial tls;
        private final ClientConfig config;
        private MemcachedClient client;

        private FakeResource(FakeMemcached fake, ManualClock clock, TlsMaterial tls) {
            this.fake = fake;
            this.clock = clock;
            this.tls = tls;
            ClientConfig.Builder config = ClientConfig.builder().servers(List.of(fake.address()));
            if (tls != null) {
                config.tls(TlsConfig.builder().sslContext(tls.clientSslContext()).build());
            }
            this.config = config.build();
        }

        static FakeResource start(WithFakeMemcached settings) {
            ManualClock clock = settings.manualClock() ? new ManualClock() : null;
            FakeMemcached.Builder builder;
            try {
                builder = FakeMemcached.builder().version(settings.version()).memoryLimit(settings.memoryLimit());
            } catch (IllegalArgumentException e) {
                throw new ParameterResolutionException("invalid @WithFakeMemcached: " + e.getMessage(), e);
            }
            if (clock != null) {
                builder.clock(clock);
            }
            TlsMaterial tls = settings.tls() ? TlsMaterial.builder().build() : null;
            if (tls != null) {
                builder.tls(tls.serverSslContext());
            }
            return new FakeResource(builder.start(), clock, tls);
        }

        ClientConfig config() {
            return config;
        }

        Optional<TlsMaterial> tls() {
            return Optional.ofNullable(tls);
        }

        FakeMemcached fake() {
            return fake;
        }

        Optional<ManualClock> clock() {
            return Optional.ofNullable(clock);
        }

        synchronized MemcachedClient client() {
            if (client == null) {
                try {
                    client = Memcached.connect(config);
                } catch (IllegalStateException e) {
                    // only when -Dmemcached4j.transport names a transport that is not on the class path
                    throw new ParameterResolutionException("cannot open a MemcachedClient to " + fake + ": "
                            + e.getMessage(), e);
                }
            }
            return client;
        }

        @Override
        public synchronized void close() {
            try {
                if (client != null) {
                    client.close();
                }
            } finally {
                fake.close();
            }
        }
    }
}
