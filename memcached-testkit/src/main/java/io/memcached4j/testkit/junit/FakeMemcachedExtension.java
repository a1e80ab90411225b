package io.memcached4j.testkit.junit;

import io.memcached4j.ClientConfig;
import io.memcached4j.Memcached;
import io.memcached4j.MemcachedClient;
import io.memcached4j.ServerAddress;
import io.memcached4j.testkit.FakeMemcached;
import io.memcached4j.testkit.ManualClock;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

import java.util.List;
import java.util.Optional;

/**
 * The JUnit 5 extension behind {@link WithFakeMemcached}: resolves {@link FakeMemcached},
 * {@link ServerAddress}, {@link ManualClock} and {@link MemcachedClient} parameters, starting
 * the fake on first use and closing it (and the client) when its scope ends.
 */
public final class FakeMemcachedExtension implements ParameterResolver {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(FakeMemcachedExtension.class);
    private static final List<Class<?>> SUPPORTED =
            List.of(FakeMemcached.class, ServerAddress.class, ManualClock.class, MemcachedClient.class);

    /** Creates the extension; JUnit does this. */
    public FakeMemcachedExtension() {
        // stateless: everything lives in the extension context's store
    }

    /** One fake, its clock and, once asked for, a client; closed by JUnit when its scope ends. */
    private static final class Instance implements AutoCloseable {
        final ManualClock clock = new ManualClock();
        final FakeMemcached fake;
        private MemcachedClient client;

        Instance(String version) {
            fake = FakeMemcached.builder().version(version).clock(clock).start();
        }

        synchronized MemcachedClient client() {
            if (client == null) {
                client = Memcached.connect(ClientConfig.builder().servers(List.of(fake.address())).build());
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

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return SUPPORTED.contains(parameter.getParameter().getType());
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        Instance instance = instance(context);
        Class<?> type = parameter.getParameter().getType();
        if (type == FakeMemcached.class) {
            return instance.fake;
        }
        if (type == ServerAddress.class) {
            return instance.fake.address();
        }
        if (type == ManualClock.class) {
            return instance.clock;
        }
        try {
            return instance.client();
        } catch (RuntimeException e) {
            throw new ParameterResolutionException("cannot connect a MemcachedClient to the fake: " + e.getMessage(), e);
        }
    }

    private static Instance instance(ExtensionContext context) {
        WithFakeMemcached settings = context.getRequiredTestClass().getAnnotation(WithFakeMemcached.class);
        WithFakeMemcached.Scope scope = settings == null ? WithFakeMemcached.Scope.PER_TEST : settings.scope();
        String version = settings == null ? "1.6.18" : settings.version();
        ExtensionContext owner = scope == WithFakeMemcached.Scope.PER_CLASS || context.getTestMethod().isEmpty()
                ? classContext(context) : context;
        return owner.getStore(NAMESPACE).getOrComputeIfAbsent(Instance.class, k -> new Instance(version), Instance.class);
    }

    private static ExtensionContext classContext(ExtensionContext context) {
        ExtensionContext current = context;
        while (current.getTestMethod().isPresent()) {
            Optional<ExtensionContext> parent = current.getParent();
            if (parent.isEmpty()) {
                break;
            }
            current = parent.get();
        }
        return current;
    }
}
