package io.memcached4j.benchmarks;

import io.memcached4j.ServerAddress;

import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.MalformedURLException;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Opens the AWS fork of spymemcached ({@code com.amazonaws:elasticache-java-cluster-client}, the
 * {@code aws-spymemcached} client), which ships its own copy of spymemcached's {@code net.spy.memcached}
 * classes and so cannot share a class loader with spymemcached 2.12.3: the build copies its jar to
 * {@code target/aws-spymemcached/}, and one class loader per JVM loads {@code net.spy.memcached} and
 * the adapter ({@link SpymemcachedClient#awsFork}) from that jar and this module's classes, everything
 * else from the application's class loader.
 */
final class AwsSpymemcached {
    /** Where the build copies the fork (the dependency plugin's {@code copy-aws-spymemcached}), next to the classes. */
    private static final String JAR = "aws-spymemcached/elasticache-java-cluster-client.jar";
    private static final String ADAPTER = SpymemcachedClient.class.getName();
    private static ClassLoader loader;

    private AwsSpymemcached() {
    }

    /**
     * Opens the fork on the servers, over TLS when {@code tls} is not null.
     *
     * @throws IllegalStateException when the build has not copied the fork's jar
     * @throws IOException when the client cannot connect
     */
    static LoadClient open(List<ServerAddress> servers, SSLContext tls) throws IOException {
        try {
            Method awsFork = Class.forName(ADAPTER, true, loader())
                    .getDeclaredMethod("awsFork", List.class, SSLContext.class);
            awsFork.setAccessible(true);
            return (LoadClient) awsFork.invoke(null, servers, tls);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException("cannot open aws-spymemcached: " + e.getCause(), e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot load aws-spymemcached's adapter: " + e, e);
        }
    }

    private static synchronized ClassLoader loader() {
        if (loader == null) {
            loader = new ForkFirst(forkJar(), classes(), AwsSpymemcached.class.getClassLoader());
        }
        return loader;
    }

    /** This module's classes (a directory or a jar). */
    private static URL classes() {
        return AwsSpymemcached.class.getProtectionDomain().getCodeSource().getLocation();
    }

    private static URL forkJar() {
        try {
            Path jar = Path.of(classes().toURI()).resolveSibling(JAR);
            if (!Files.isRegularFile(jar)) {
                throw new IllegalStateException("no " + jar + ": build memcached-benchmarks (mvn -pl memcached-benchmarks"
                        + " -am package copies the AWS fork of spymemcached there)");
            }
            return jar.toUri().toURL();
        } catch (URISyntaxException | MalformedURLException e) {
            throw new IllegalStateException("cannot locate the AWS fork of spymemcached next to " + classes(), e);
        }
    }

    /**
     * Loads {@code net.spy.memcached} and the spymemcached adapter itself (so that it links to the
     * fork's classes) from its own URLs before asking the parent; every other class comes from the
     * parent, so that the adapter is a {@link LoadClient} of the caller's.
     */
    private static final class ForkFirst extends URLClassLoader {
        static {
            registerAsParallelCapable();
        }

        ForkFirst(URL forkJar, URL classes, ClassLoader parent) {
            super("aws-spymemcached", new URL[] {forkJar, classes}, parent);
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (!name.startsWith("net.spy.memcached.") && !name.equals(ADAPTER) && !name.startsWith(ADAPTER + "$")) {
                return super.loadClass(name, resolve);
            }
            synchronized (getClassLoadingLock(name)) {
                Class<?> loaded = findLoadedClass(name);
                if (loaded == null) {
                    loaded = findClass(name);
                }
                if (resolve) {
                    resolveClass(loaded);
                }
                return loaded;
            }
        }
    }
}
