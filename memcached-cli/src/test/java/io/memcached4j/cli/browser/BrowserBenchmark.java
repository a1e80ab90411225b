package io.memcached4j.cli.browser;

import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.screen.TerminalScreen;
import com.googlecode.lanterna.terminal.virtual.DefaultVirtualTerminal;
import io.memcached4j.Memcached;
import io.memcached4j.MemcachedClient;
import io.memcached4j.process.MemcachedProcess;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Not a test: measures the browser on a million keys in a real memcached. Time to the first screen
 * with keys, time until the list is complete, filter latency per keystroke (from the key typed to the
 * filtered rows applied on the UI thread), and the heap after a full GC.
 *
 * <pre>
 * mvn -B -q -pl memcached-cli -am package -DskipTests
 * java -Xmx256m -cp memcached-cli/target/test-classes:memcached-cli/target/memcached4j.jar \
 *     io.memcached4j.cli.browser.BrowserBenchmark [keys]
 * </pre>
 */
public final class BrowserBenchmark {
    private BrowserBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int keys = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        try (MemcachedProcess memcached = MemcachedProcess.builder().memoryMegabytes(1024).start()) {
            long t0 = System.nanoTime();
            fill(memcached.port(), keys);
            System.out.printf(Locale.ROOT, "filled %,d keys in %.1f s%n", keys, (System.nanoTime() - t0) / 1e9);
            try (MemcachedClient client = Memcached.connect(memcached.address().toString())) {
                measure(client, keys);
            }
        }
    }

    /** Stores the keys with noreply sets on one socket: a few namespaces, like an application's. */
    static void fill(int port, int keys) throws IOException {
        String[] shapes = {"user:%d:profile", "session:%08x", "cache/page/%d", "feature.flags.f%d", "order:%d:items"};
        try (Socket s = new Socket("127.0.0.1", port)) {
            OutputStream out = new BufferedOutputStream(s.getOutputStream(), 1 << 16);
            for (int i = 0; i < keys; i++) {
                String key = String.format(Locale.ROOT, shapes[i % shapes.length], i);
                byte[] value = ("{\"id\":" + i + ",\"v\":\"" + "x".repeat(i % 40) + "\"}").getBytes(StandardCharsets.UTF_8);
                out.write(("set " + key + " 0 " + (i % 3 == 0 ? 3600 : 0) + " " + value.length + " noreply\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                out.write(value);
                out.write('\r');
                out.write('\n');
            }
            out.write("mn\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            byte[] buf = new byte[4];
            int n = in.readNBytes(buf, 0, 4);
            if (n != 4 || buf[0] != 'M' || buf[1] != 'N') {
                throw new IOException("fill did not finish cleanly: " + new String(buf, 0, n, StandardCharsets.US_ASCII));
            }
        }
    }

    static void measure(MemcachedClient client, int keys) throws Exception {
        DefaultVirtualTerminal terminal = new DefaultVirtualTerminal(new TerminalSize(120, 40));
        TerminalScreen screen = new TerminalScreen(terminal);
        screen.startScreen();
        Browser b = new Browser(client, null, screen, null, Theme.DARK, ViewQuery.initial().withTree(false));
        b.pollInput(true);
        LinkedBlockingQueue<KeyView> applied = new LinkedBlockingQueue<>();
        CountDownLatch firstScreen = new CountDownLatch(1);
        CountDownLatch complete = new CountDownLatch(1);
        long[] at = new long[2];
        b.setListener(new Browser.Listener() {
            @Override
            public void viewApplied(KeyView view, boolean loading) {
                if (!loading && view.live > 0 && complete.getCount() > 0) {
                    at[1] = System.nanoTime();
                    complete.countDown();
                }
                applied.add(view);
            }

            @Override
            public void frameDrawn(KeyView view) {
                if (view.rowCount > 0 && firstScreen.getCount() > 0) {
                    at[0] = System.nanoTime();
                    firstScreen.countDown();
                }
            }
        });
        long start = System.nanoTime();
        Thread ui = new Thread(() -> {
            try {
                b.run();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }, "benchmark-ui");
        ui.start();
        if (!firstScreen.await(120, TimeUnit.SECONDS) || !complete.await(300, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the list did not fill");
        }
        System.out.printf(Locale.ROOT, "first screen with keys: %d ms%n", (at[0] - start) / 1_000_000);
        System.out.printf(Locale.ROOT, "list complete (%,d keys): %d ms%n", b.view.live, (at[1] - start) / 1_000_000);
        // the store is re-packed in name order once complete; wait for that view before typing
        long packStart = System.nanoTime();
        while ((!b.isPacked() || b.view.snapshot != b.store().snapshot()) && System.nanoTime() - packStart < 60_000_000_000L) {
            applied.poll(100, TimeUnit.MILLISECONDS);
        }
        System.out.printf(Locale.ROOT, b.isPacked() ? "re-packed in name order: %d ms later%n"
                : "not re-packed (no heap room) after %d ms%n", (System.nanoTime() - packStart) / 1_000_000);

        // filter latency: each keystroke until its rows are applied on the UI thread
        String query = "user:12";
        terminal.addInput(KeyStroke.fromString("/"));
        List<Long> latencies = new ArrayList<>();
        List<Long> builds = new ArrayList<>();
        StringBuilder typed = new StringBuilder();
        for (char c : query.toCharArray()) {
            typed.append(c);
            applied.clear();
            long t = System.nanoTime();
            terminal.addInput(new KeyStroke(c, false, false));
            KeyView v;
            do {
                v = applied.poll(60, TimeUnit.SECONDS);
                if (v == null) {
                    throw new IllegalStateException("no view for " + typed);
                }
            } while (!v.query.filter().equals(typed.toString()));
            long ms = (System.nanoTime() - t) / 1_000_000;
            latencies.add(ms);
            System.out.printf(Locale.ROOT, "  filter \"%s\": %,d matches in %d ms (rows built in %.1f ms)%n", typed,
                    v.matched, ms, v.buildNanos / 1e6);
            builds.add(v.buildNanos / 1_000_000);
        }
        // deleting characters widens the filter again: a full scan
        for (int i = 0; i < 3; i++) {
            typed.setLength(typed.length() - 1);
            applied.clear();
            long t = System.nanoTime();
            terminal.addInput(new KeyStroke(com.googlecode.lanterna.input.KeyType.Backspace));
            KeyView v;
            do {
                v = applied.poll(60, TimeUnit.SECONDS);
            } while (v != null && !v.query.filter().equals(typed.toString()));
            long ms = (System.nanoTime() - t) / 1_000_000;
            latencies.add(ms);
            System.out.printf(Locale.ROOT, "  backspace to \"%s\": %,d matches in %d ms (rows built in %.1f ms)%n", typed,
                    v == null ? -1 : v.matched, ms, v == null ? -1 : v.buildNanos / 1e6);
            if (v != null) {
                builds.add(v.buildNanos / 1_000_000);
            }
        }
        List<Long> sorted = new ArrayList<>(latencies);
        Collections.sort(sorted);
        Collections.sort(builds);
        System.out.printf(Locale.ROOT, "filter latency per keystroke: median %d ms, max %d ms; rows built in median %d ms, max %d ms%n",
                sorted.get(sorted.size() / 2), sorted.get(sorted.size() - 1), builds.get(builds.size() / 2),
                builds.get(builds.size() - 1));

        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        Runtime rt = Runtime.getRuntime();
        long used = rt.totalMemory() - rt.freeMemory();
        System.out.printf(Locale.ROOT, "heap used after GC: %.0f MB (max heap %.0f MB); key store %.0f MB for %,d keys%n",
                used / 1e6, rt.maxMemory() / 1e6, b.store().footprintBytes() / 1e6, keys);
        System.out.printf(Locale.ROOT, "load average: %.1f on %d cores%n",
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(), rt.availableProcessors());
        terminal.addInput(new KeyStroke(com.googlecode.lanterna.input.KeyType.Escape));
        terminal.addInput(KeyStroke.fromString("q"));
        ui.join(10_000);
        screen.stopScreen();
    }
}
