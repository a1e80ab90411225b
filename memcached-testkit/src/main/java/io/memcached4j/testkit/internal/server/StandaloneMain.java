package io.memcached4j.testkit.internal.server;

import io.memcached4j.testkit.FakeMemcached;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;

/**
 * {@code java -jar memcached-testkit-<version>-standalone.jar [memcached flags]}: runs the fake
 * as a stand-in for the {@code memcached} binary. Understands {@code -p}, {@code -l}, {@code -m},
 * {@code -I}, {@code -c}, {@code -v}/{@code -vv}, {@code -V}, {@code -h}, their long forms, and
 * {@code --fake-version=X} (the version string to answer); TLS as memcached takes it ({@code -Z}
 * with {@code -o ssl_chain_cert=...,ssl_key=...[,ssl_ca_cert=...,ssl_verify_mode=N]}) and the
 * text-protocol login ({@code -Y file}); accepts and ignores {@code -t}, {@code -U} and {@code -u}.
 * Runs until killed.
 */
public final class StandaloneMain {
    private static final Set<String> SSL_OPTIONS = Set.of("ssl_chain_cert", "ssl_key", "ssl_ca_cert", "ssl_verify_mode");

    private StandaloneMain() {
    }

    /**
     * Starts the fake server.
     *
     * @param args memcached's command-line flags
     * @throws InterruptedException never in practice: the main thread waits forever
     */
    public static void main(String[] args) throws InterruptedException {
        FakeMemcached.Builder builder;
        try {
            builder = parse(args, System.out);
        } catch (RuntimeException e) {
            System.err.println(e.getMessage() == null ? e.toString() : e.getMessage());
            usage(System.err);
            System.exit(64);
            return;
        }
        if (builder == null) {
            return;
        }
        FakeMemcached fake = builder.start();
        Runtime.getRuntime().addShutdownHook(new Thread(fake::close, "fake-memcached-shutdown"));
        if (verbose(args)) {
            System.err.println("fake memcached listening on " + fake.address());
        }
        new CountDownLatch(1).await();
    }

    /**
     * Reads memcached's flags into a builder, port 11211 unless {@code -p} says otherwise.
     *
     * @param args the flags
     * @param out where {@code -V} and {@code -h} print
     * @return the configured builder, or null after {@code -V} or {@code -h}
     * @throws IllegalArgumentException for an unknown flag, or TLS or auth files that cannot be used
     */
    static FakeMemcached.Builder parse(String[] args, PrintStream out) {
        FakeMemcached.Builder builder = FakeMemcached.builder().port(11211);
        int verbosity = 0;
        boolean tls = false;
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            String name = arg;
            String value = null;
            int eq = arg.indexOf('=');
            if (arg.startsWith("--") && eq > 0) {
                name = arg.substring(0, eq);
                value = arg.substring(eq + 1);
            } else if (arg.length() > 2 && arg.charAt(0) == '-' && arg.charAt(1) != '-' && arg.charAt(1) != 'v') {
                name = arg.substring(0, 2);
                value = arg.substring(2);
            }
            switch (name) {
                case "-p", "--port" -> builder.port(Integer.parseInt(value != null ? value : args[++i]));
                case "-l", "--listen" -> builder.host(value != null ? value : args[++i]);
                case "-m", "--memory-limit" ->
                        builder.memoryLimit(size(value != null ? value : args[++i], 1024 * 1024));
                case "-I", "--max-item-size" ->
                        builder.itemSizeMax((int) size(value != null ? value : args[++i], 1));
                case "-c", "--conn-limit" ->
                        builder.maxConnections(Integer.parseInt(value != null ? value : args[++i]));
                case "-t", "--threads", "-U", "--udp-port", "-u", "--user" -> {
                    if (value == null) {
                        i++;
                    }
                }
                case "-v", "--verbose" -> verbosity = Math.max(verbosity, 1);
                case "-vv" -> verbosity = 2;
                case "-vvv" -> verbosity = 3;
                case "--fake-version" -> builder.version(value != null ? value : args[++i]);
                case "-Z", "--enable-ssl" -> tls = true;
                case "-Y", "--auth-file" -> builder.authFile(Path.of(value != null ? value : args[++i]));
                case "-o", "--extended" -> {
                    for (String option : (value != null ? value : args[++i]).split(",")) {
                        int at = option.indexOf('=');
                        String key = at < 0 ? option : option.substring(0, at);
                        if (!SSL_OPTIONS.contains(key) || at < 0) {
                            throw new IllegalArgumentException("unsupported -o option " + option
                                    + " (the fake takes " + SSL_OPTIONS + ")");
                        }
                        options.put(key, option.substring(at + 1));
                    }
                }
                case "-V", "--version" -> {
                    out.println("memcached 1.6.18 (memcached4j fake)");
                    return null;
                }
                case "-h", "--help" -> {
                    usage(out);
                    return null;
                }
                default -> throw new IllegalArgumentException("illegal option " + arg);
            }
        }
        tls(builder, tls, options);
        return builder.verbosity(verbosity);
    }

    private static boolean verbose(String[] args) {
        for (String arg : args) {
            if (arg.startsWith("-v") || arg.equals("--verbose")) {
                return true;
            }
        }
        return false;
    }

    private static void tls(FakeMemcached.Builder builder, boolean enabled, Map<String, String> options) {
        if (!enabled) {
            if (!options.isEmpty()) {
                throw new IllegalArgumentException("the -o ssl_* options need -Z");
            }
            return;
        }
        String chain = options.get("ssl_chain_cert");
        if (chain == null) {
            throw new IllegalArgumentException("-Z needs -o ssl_chain_cert=FILE (and ssl_key=FILE unless the chain holds the key)");
        }
        String key = options.getOrDefault("ssl_key", chain);
        String ca = options.get("ssl_ca_cert");
        builder.tls(Path.of(chain), Path.of(key), ca == null ? null : Path.of(ca));
        builder.sslVerifyMode(Integer.parseInt(options.getOrDefault("ssl_verify_mode", "0")));
    }

    /** Parses memcached's sizes: a number with an optional k, m or g suffix; bare numbers are in {@code unit}. */
    static long size(String text, long unit) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        long multiplier = unit;
        char last = t.charAt(t.length() - 1);
        if (last == 'k' || last == 'm' || last == 'g') {
            multiplier = last == 'k' ? 1024L : last == 'm' ? 1024L * 1024 : 1024L * 1024 * 1024;
            t = t.substring(0, t.length() - 1);
        }
        return Long.parseLong(t) * multiplier;
    }

    private static void usage(PrintStream out) {
        out.println("usage: java -jar memcached-testkit-standalone.jar [-p port] [-l address] [-m megabytes]"
                + " [-I item-size[k|m]] [-c connections] [-v|-vv] [--fake-version=X] [-Y auth-file]"
                + " [-Z -o ssl_chain_cert=FILE,ssl_key=FILE[,ssl_ca_cert=FILE,ssl_verify_mode=N]] (-t, -U, -u are ignored)");
    }
}
