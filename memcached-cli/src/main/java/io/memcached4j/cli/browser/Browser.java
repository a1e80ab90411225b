package io.memcached4j.cli.browser;

import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import com.googlecode.lanterna.screen.Screen;
import io.memcached4j.EnumerationOptions;
import io.memcached4j.KeyInfo;
import io.memcached4j.Memcached;
import io.memcached4j.MemcachedClient;
import io.memcached4j.ServerAddress;
import io.memcached4j.cli.TargetOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * The full-screen key browser: one UI thread draws a stack of {@link Page}s and handles keys; the key
 * dump, view building, reads, writes and stats polling run on background threads and hand their results
 * back as events, so the screen never waits on the network or on a million keys.
 */
final class Browser {
    private static final Logger LOG = LoggerFactory.getLogger(Browser.class);

    /** Observes the browser, for the benchmark. */
    interface Listener {
        default void viewApplied(KeyView view, boolean loading) {
        }

        default void frameDrawn(KeyView view) {
        }
    }

    final MemcachedClient client;
    final List<ServerAddress> servers;
    /** The line under the title that says the server is an embedded fake, or null on real servers. */
    final String notice;
    private final Screen screen;
    private final PrintStream terminalOut;
    Theme theme;
    private final Deque<Page> pages = new ArrayDeque<>();
    private final BlockingQueue<Object> events = new LinkedBlockingQueue<>();
    private final ExecutorService worker = Executors.newFixedThreadPool(2, daemon("browser-io"));
    private final ExecutorService viewThread = Executors.newSingleThreadExecutor(daemon("browser-view"));
    private final AtomicBoolean viewPending = new AtomicBoolean();
    private final AtomicInteger queryVersion = new AtomicInteger();
    private volatile boolean running = true;
    private volatile boolean pollInput;
    private volatile Listener listener = new Listener() {
    };

    // key list state (the store and its builder are replaced together on refresh)
    private volatile Session session = new Session(new KeyStore(), new ViewBuilder(), false);
    volatile ViewQuery query;
    KeyView view;
    volatile boolean loading;
    final AtomicLong loaded = new AtomicLong();
    volatile String loadNote = "";
    volatile String loadError;
    private volatile Thread dumpThread;
    long statusUntil;
    String status = "";
    Role statusRole = Role.NORMAL;
    private String clipboard;

    /** The keys and the builder of their rows; packed once the keys are stored in name order. */
    record Session(KeyStore store, ViewBuilder builder, boolean packed) {
    }

    /** From this many keys on, the store is re-packed in name order once the dump is complete. */
    static final int PACK_FROM = 20_000;

    /** How often the rows catch up with the keys a running dump has added. */
    private static final long LOAD_VIEW_NANOS = 150_000_000L;
    /** The key count the last rebuild asked for by {@link #showLoadedKeys()} saw; event loop only. */
    private long loadedInView = -1;

    Browser(MemcachedClient client, String notice, Screen screen, PrintStream terminalOut, Theme theme, ViewQuery initial) {
        this.client = client;
        this.servers = client.servers();
        this.notice = notice;
        this.screen = screen;
        this.terminalOut = terminalOut;
        this.theme = theme;
        this.query = initial;
        this.view = KeyView.empty(session.store().snapshot(), initial);
    }

    /**
     * @param demo whether the server is the embedded demo fake
     * @param embedded whether it is an embedded fake (the demo or an empty one)
     * @return the line that says so and how to point the browser at a real server, or null on real servers
     */
    static String notice(boolean demo, boolean embedded) {
        String real = "Real server: --servers host:port,\u2026 or $" + TargetOptions.SERVERS_ENV;
        if (demo) {
            return "DEMO: embedded fake. " + real;
        }
        return embedded ? "EMPTY: embedded fake. " + real : null;
    }

    void setListener(Listener l) {
        this.listener = l;
    }

    KeyStore store() {
        return session.store();
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /** Runs until the user quits; the screen must be started. */
    void run() throws IOException {
        pages.push(new KeyListPage(this));
        refresh();
        Thread input = new Thread(this::readInput, "browser-input");
        input.setDaemon(true);
        input.start();
        long lastTick = 0;
        long lastLoadCheck = 0;
        draw();
        while (running) {
            Object e;
            try {
                e = events.poll(100, TimeUnit.MILLISECONDS);
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                break;
            }
            int handled = 0;
            while (e != null && handled++ < 256) {
                handle(e);
                e = events.poll();
            }
            long now = System.nanoTime();
            if (now - lastLoadCheck > LOAD_VIEW_NANOS) {
                lastLoadCheck = now;
                showLoadedKeys();
            }
            if (now - lastTick > 250_000_000L) {
                lastTick = now;
                for (Page p : pages) {
                    p.tick();
                }
            }
            if (running) {
                draw();
            }
        }
        shutdown();
    }

    /**
     * Rebuilds the rows when keys arrived since the last rebuild. Polled by the event loop rather than
     * asked for by the dump, so keys that arrive in a burst before the dump stalls are shown during the stall.
     */
    private void showLoadedKeys() {
        long n = loaded.get();
        if (n != loadedInView) {
            loadedInView = n;
            requestView();
        }
    }

    private void handle(Object e) {
        if (e instanceof KeyStroke k) {
            if (k.getKeyType() == KeyType.EOF) {
                quit();
                return;
            }
            Page top = pages.peek();
            if (top != null) {
                top.key(k);
            }
        } else if (e instanceof Runnable r) {
            r.run();
        }
    }

    /**
     * Reads keys by polling instead of blocking, for terminals whose blocking read holds a lock the
     * drawing needs (Lanterna's virtual terminal, used by the benchmark).
     */
    void pollInput(boolean poll) {
        this.pollInput = poll;
    }

    private void readInput() {
        try {
            while (running) {
                KeyStroke k = pollInput ? screen.pollInput() : screen.readInput();
                if (k != null) {
                    events.add(k);
                } else if (pollInput) {
                    TimeUnit.MILLISECONDS.sleep(2);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException | RuntimeException e) {
            if (running) {
                LOG.warn("terminal input ended", e);
                events.add((Runnable) this::quit);
            }
        }
    }

    private void draw() throws IOException {
        TerminalSize resized = screen.doResizeIfNecessary();
        TerminalSize size = resized != null ? resized : screen.getTerminalSize();
        screen.clear();
        Canvas c = new Canvas(screen, theme, size);
        Page top = pages.peek();
        if (top != null) {
            if (top.overlay() && pages.size() > 1) {
                var it = pages.iterator();
                it.next();
                it.next().draw(c);
            }
            top.draw(c);
        }
        screen.setCursorPosition(null);
        screen.refresh(resized != null ? Screen.RefreshType.COMPLETE : Screen.RefreshType.DELTA);
        if (clipboard != null && terminalOut != null) {
            terminalOut.print(clipboard);
            terminalOut.flush();
            clipboard = null;
        }
        listener.frameDrawn(view);
    }

    void quit() {
        running = false;
    }

    private void shutdown() {
        Thread t = dumpThread;
        if (t != null) {
            t.interrupt();
        }
        while (!pages.isEmpty()) {
            pages.pop().closed();
        }
        worker.shutdownNow();
        viewThread.shutdownNow();
    }

    // ---- pages and messages

    void push(Page p) {
        pages.push(p);
    }

    void pop() {
        if (pages.size() > 1) {
            pages.pop().closed();
        } else {
            quit();
        }
    }

    /** Replaces the top page. */
    void replace(Page p) {
        if (!pages.isEmpty()) {
            pages.pop().closed();
        }
        pages.push(p);
    }

    Page top() {
        return pages.peek();
    }

    /** @return the key list page at the bottom of the stack */
    KeyListPage keyList() {
        return pages.peekLast() instanceof KeyListPage list ? list : null;
    }

    void status(String message, Role role) {
        status = message;
        statusRole = role;
        statusUntil = System.currentTimeMillis() + 6000;
    }

    /** The status message while it is fresh, else empty. */
    String status() {
        return System.currentTimeMillis() < statusUntil ? status : "";
    }

    /** Runs a task on the UI thread. */
    void post(Runnable r) {
        events.add(r);
    }

    /** Runs a blocking call on a background thread and hands its result or error to the UI thread. */
    <T> void async(Callable<T> call, Consumer<T> done, Consumer<Throwable> failed) {
        worker.execute(() -> {
            try {
                T result = call.call();
                post(() -> done.accept(result));
            } catch (Throwable t) {
                LOG.info("background call failed", t);
                post(() -> failed.accept(t));
            }
        });
    }

    /** Error handler that shows the error on the status line. */
    Consumer<Throwable> showError(String what) {
        return t -> status(what + ": " + message(t), Role.ERROR);
    }

    static String message(Throwable t) {
        String m = t.getMessage();
        return m == null || m.isBlank() ? t.getClass().getSimpleName() : m.strip().replace('\n', ' ');
    }

    /** Sends text to the terminal's clipboard with OSC 52 (after the next frame). */
    void copy(byte[] bytes) {
        clipboard = "\u001b]52;c;" + Base64.getEncoder().encodeToString(bytes) + "\u0007";
        status("Copied " + bytes.length + " bytes to the clipboard (OSC 52)", Role.ACCENT);
    }

    // ---- the key list

    /** Adds a key the user created to the list (or re-lists when the server it went to is unknown). */
    void keyAdded(String key, int size, int expiration) {
        if (servers.size() != 1) {
            refresh();
            return;
        }
        long now = System.currentTimeMillis() / 1000;
        store().add(key, size, expiration == 0 ? KeyStore.NEVER : (int) (now + expiration), (int) now, 0, servers.get(0));
        requestView();
    }

    /** Tells the pages showing a value that it changed. */
    void valueChanged(String key) {
        for (Page p : pages) {
            if (p instanceof ValuePage v) {
                v.changed(key);
            }
        }
        requestView();
    }

    /** Starts a fresh dump of every server's keys; the list fills while it runs. */
    void refresh() {
        Thread old = dumpThread;
        if (old != null) {
            old.interrupt();
        }
        KeyStore store = new KeyStore().withServers(servers);
        session = new Session(store, new ViewBuilder(), false);
        loaded.set(0);
        loading = true;
        loadError = null;
        loadNote = "hash-table walk";
        Thread t = new Thread(() -> dump(store), "browser-dump");
        t.setDaemon(true);
        dumpThread = t;
        t.start();
        requestView();
    }

    private void dump(KeyStore store) {
        try {
            try {
                dumpWith(store, EnumerationOptions.builder().hash().build());
            } catch (RuntimeException e) {
                if (loaded.get() > 0 || Thread.currentThread().isInterrupted()) {
                    throw e;
                }
                LOG.info("hash-table walk failed, trying the LRU walk", e);
                loadNote = "LRU walk";
                dumpWith(store, EnumerationOptions.defaults());
            }
        } catch (RuntimeException e) {
            if (!Thread.currentThread().isInterrupted()) {
                LOG.warn("key dump failed", e);
                String m = message(e);
                post(() -> dumpFailed(m));
            }
        } finally {
            if (session.store() == store) {
                loading = false;
                requestView();
            }
        }
    }

    private void dumpWith(KeyStore store, EnumerationOptions options) {
        try (Stream<KeyInfo> keys = Memcached.keyEnumerator(client).withOptions(options).stream()) {
            var it = keys.iterator();
            while (it.hasNext()) {
                if (Thread.currentThread().isInterrupted() || session.store() != store) {
                    return;
                }
                store.add(it.next());
                loaded.incrementAndGet();
            }
        }
    }

    private void dumpFailed(String m) {
        loadError = m;
        status("Listing keys failed: " + m, Role.ERROR);
        // a disabled crawler is the usual cause: offer to enable it
        async(() -> Memcached.capabilityDetector(client).detect(), caps -> {
            List<ServerAddress> off = caps.values().stream().filter(c -> !c.crawlerEnabled())
                    .map(io.memcached4j.Capabilities::server).toList();
            if (!off.isEmpty()) {
                push(CapsPage.enableCrawlerDialog(this, off));
            }
        }, t -> { });
    }

    void setQuery(ViewQuery q) {
        query = q;
        queryVersion.incrementAndGet();
        requestView();
    }

    /** Asks for the rows to be rebuilt; requests made while one is queued are merged into it. */
    void requestView() {
        if (viewPending.compareAndSet(false, true)) {
            viewThread.execute(this::buildView);
        }
    }

    private void buildView() {
        viewPending.set(false);
        Session s = session;
        ViewQuery q = query;
        int version = queryVersion.get();
        boolean stillLoading = loading;
        try {
            long started = System.nanoTime();
            KeyView v = s.builder().build(s.store().snapshot(), q, () -> queryVersion.get() != version);
            v.buildNanos = System.nanoTime() - started;
            post(() -> {
                if (session == s) {
                    applyView(v, stillLoading);
                }
            });
            if (!stillLoading && !s.packed() && v.snapshot.count() >= PACK_FROM && roomToPack(s.store())) {
                pack(s, v.snapshot);
            }
        } catch (ViewBuilder.Cancelled e) {
            // a newer query is queued
        } catch (RuntimeException e) {
            LOG.warn("building the key list failed", e);
        }
    }

    /** @return whether the heap can hold a second copy of the store while packing, with room to spare */
    private static boolean roomToPack(KeyStore store) {
        boolean room = Runtime.getRuntime().maxMemory() > store.footprintBytes() * 4;
        if (!room) {
            LOG.debug("not re-packing the keys in name order: the heap is under 4 times the store's {} bytes",
                    store.footprintBytes());
        }
        return room;
    }

    /** @return whether the keys are stored in name order (done once a dump is complete) */
    boolean isPacked() {
        return session.packed();
    }

    /** Re-stores the keys in name order (on the view thread) and swaps them in unless they changed meanwhile. */
    private void pack(Session s, KeyStore.Snapshot snap) {
        KeyStore packed = s.builder().packedInNameOrder(snap);
        Session next = new Session(packed, ViewBuilder.presorted(packed.snapshot().count()), true);
        post(() -> {
            KeyStore.Snapshot now = s.store().snapshot();
            if (session == s && now.count() == snap.count() && now.deletedCount() == snap.deletedCount()) {
                session = next;
                requestView();
            }
        });
    }

    private void applyView(KeyView v, boolean stillLoading) {
        KeyView old = view;
        view = v;
        Page top = pages.peekLast();
        if (top instanceof KeyListPage list) {
            list.viewChanged(old, v);
        }
        listener.viewApplied(v, stillLoading);
    }
}
