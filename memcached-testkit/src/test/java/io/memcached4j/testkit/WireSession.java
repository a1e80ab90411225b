package io.memcached4j.testkit;

import io.memcached4j.process.RawTextSession;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * A scripted conversation with a memcached server over raw sockets: steps of bytes sent on one
 * of several connections, each read back up to a known end, so the same session gives
 * comparable transcripts on a real memcached and on the fake.
 */
final class WireSession {
    /** How the reply of a step ends. */
    enum Until {
        /** A sentinel request is appended; its unique reply ends the step. */
        SENTINEL,
        /** The server closes the connection. */
        EOF,
        /**
         * A line ending in CRLF that is not a metadump {@code key=} line ends it; lines are compared sorted
         * and distinct: memcached's LRU walk lists an item twice when it moves between LRU segments during
         * the walk (seen once in 80 runs of these sessions against memcached 1.6.18), which the fake never does.
         */
        DUMP
    }

    /** One step: bytes for a connection, and how its reply ends. */
    record Step(int connection, byte[] bytes, Until until) {
        @Override
        public String toString() {
            return "#" + connection + " " + printable(bytes) + " (" + until + ")";
        }
    }

    /** CAS values and times, which differ between any two servers. */
    private static final List<Pattern> CAS_AND_TIMES = List.of(
            Pattern.compile("(?m)(?<=^VALUE \\S{1,250} \\d{1,10} \\d{1,10} )\\d+(?=\\r)"),
            Pattern.compile("(?<= c)\\d+(?=[ \\r])"),
            Pattern.compile("(?<= t)\\d+(?=[ \\r])"),
            Pattern.compile("(?<= l)\\d+(?=[ \\r])"),
            Pattern.compile("(?<=cas=)\\d+"),
            Pattern.compile("(?<=exp=)-?\\d+(?<!-1)"),
            Pattern.compile("(?<=la=)\\d+"));

    /** Masks CAS values, times and every statistic's value: for sessions on a long-lived server. */
    static final List<Pattern> MASK_ALL_STATS = concat(CAS_AND_TIMES,
            Pattern.compile("(?m)(?<=^STAT \\S{1,80} )[^\\r\\n]*"));

    /**
     * Masks CAS values, times and only the per-class statistics that depend on memcached's
     * background LRU threads (which segment an item is in, ages, moves) or on the clock: for
     * sessions on a fresh server, whose {@code stats slabs} and {@code stats items} values are
     * otherwise deterministic.
     */
    static final List<Pattern> MASK_LRU_STATS = concat(CAS_AND_TIMES, Pattern.compile("(?m)(?<=^STAT items:\\d{1,2}:"
            + "(?:number_hot|number_warm|number_cold|age_hot|age_warm|age|evicted_time|crawler_reclaimed"
            + "|crawler_items_checked|lrutail_reflocked|moves_to_cold|moves_to_warm|moves_within_lru|hits_to_hot"
            + "|hits_to_warm|hits_to_cold|hits_to_temp) )\\d+"));

    /** Where a step may say {@code {cas}}: the last CAS value the server sent in this session. */
    private static final Pattern CAS_IN_REPLY = Pattern.compile(
            "(?m)^VALUE \\S+ \\d+ \\d+ (\\d+)\\r$|(?: c)(\\d+)(?=[ \\r])");

    final String name;
    final List<Step> steps = new ArrayList<>();
    private final List<Pattern> masks;
    /** Whether the session runs on a memcached started for it alone; see {@link #onOwnServer}. */
    private boolean ownServer;

    WireSession(String name) {
        this(name, MASK_ALL_STATS);
    }

    WireSession(String name, List<Pattern> masks) {
        this.name = name;
        this.masks = masks;
    }

    /**
     * Has the session run on a memcached of its own, fresh memory: for counters of 2^63 or more.
     * memcached 1.6.18 checks such a stored number for a minus sign with {@code strchr}, which reads
     * on past the value into what earlier items left in its memory chunk, so a '-' there makes it
     * answer "non-numeric" (memcached/memcached#1105 shows the later code, which looks only at the
     * number). On a long-lived server that depends on earlier sessions and on when memcached's
     * background threads reclaim flushed items; on a fresh one, on this session's own items alone.
     */
    WireSession onOwnServer() {
        ownServer = true;
        return this;
    }

    /** @return whether the session runs on a memcached of its own ({@link #onOwnServer}) */
    boolean ownServer() {
        return ownServer;
    }

    WireSession send(String text) {
        return send(0, text);
    }

    WireSession send(int connection, String text) {
        steps.add(new Step(connection, text.getBytes(StandardCharsets.ISO_8859_1), Until.SENTINEL));
        return this;
    }

    WireSession send(int connection, byte[] bytes, Until until) {
        steps.add(new Step(connection, bytes, until));
        return this;
    }

    @Override
    public String toString() {
        return name;
    }

    /**
     * Runs the session and returns one masked transcript entry per step.
     *
     * @param address the server
     * @return the replies, masked
     */
    List<String> run(InetSocketAddress address) throws IOException {
        return run(address, step -> { });
    }

    /** What a test does before a step is sent, such as waiting for the server to settle. */
    interface BeforeStep {
        void accept(Step step) throws IOException;
    }

    /**
     * Runs the session, calling {@code beforeStep} before each step is sent.
     *
     * @param address the server
     * @param beforeStep called with each step before it is sent
     * @return the replies, masked
     */
    List<String> run(InetSocketAddress address, BeforeStep beforeStep) throws IOException {
        List<String> transcript = new ArrayList<>();
        RawTextSession[] sessions = new RawTextSession[4];
        try {
            int sentinel = 0;
            String lastCas = "0";
            for (Step step : steps) {
                RawTextSession session = sessions[step.connection()];
                if (session == null) {
                    session = RawTextSession.open(address).readTimeout(Duration.ofSeconds(5));
                    sessions[step.connection()] = session;
                }
                beforeStep.accept(step);
                byte[] end = null;
                byte[] out = new String(step.bytes(), StandardCharsets.ISO_8859_1).replace("{cas}", lastCas)
                        .getBytes(StandardCharsets.ISO_8859_1);
                if (step.until() == Until.SENTINEL) {
                    String marker = "mg __sentinel__ k O" + (++sentinel) + "\r\n";
                    end = ("EN k__sentinel__ O" + sentinel + "\r\n").getBytes(StandardCharsets.US_ASCII);
                    out = concat(out, marker.getBytes(StandardCharsets.US_ASCII));
                }
                session.send(out);
                byte[] reply = read(session, step.until(), end);
                java.util.regex.Matcher cas = CAS_IN_REPLY.matcher(new String(reply, StandardCharsets.ISO_8859_1));
                while (cas.find()) {
                    lastCas = cas.group(1) != null ? cas.group(1) : cas.group(2);
                }
                transcript.add(mask(reply, step.until()) + outcome);
            }
        } finally {
            for (RawTextSession session : sessions) {
                if (session != null) {
                    session.close();
                }
            }
        }
        return transcript;
    }

    /** How the last read ended, appended to the transcript when it is not the normal end. */
    private String outcome = "";

    private byte[] read(RawTextSession session, Until until, byte[] end) {
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        byte[] chunk = new byte[65536];
        outcome = "";
        while (true) {
            int n;
            try {
                n = session.read(chunk);
            } catch (UncheckedIOException e) {
                outcome = e.getCause() instanceof SocketTimeoutException ? "<TIMEOUT>" : "<RESET>";
                return received.toByteArray();
            }
            if (n < 0) {
                outcome = "<EOF>";
                return received.toByteArray();
            }
            received.write(chunk, 0, n);
            byte[] all = received.toByteArray();
            if (until == Until.SENTINEL && endsWith(all, end)) {
                return Arrays.copyOf(all, all.length - end.length);
            }
            if (until == Until.DUMP && endsWith(all, new byte[] {'\r', '\n'})) {
                return all;
            }
        }
    }

    private String mask(byte[] reply, Until until) {
        String text = new String(reply, StandardCharsets.ISO_8859_1);
        for (Pattern p : masks) {
            text = p.matcher(text).replaceAll("*");
        }
        if (until == Until.DUMP) {
            text = String.join("\n", new TreeSet<>(Arrays.asList(text.split("\n", -1))));
        }
        return text;
    }

    private static boolean endsWith(byte[] all, byte[] end) {
        if (all.length < end.length) {
            return false;
        }
        for (int i = 0; i < end.length; i++) {
            if (all[all.length - end.length + i] != end[i]) {
                return false;
            }
        }
        return true;
    }

    private static List<Pattern> concat(List<Pattern> masks, Pattern more) {
        List<Pattern> all = new ArrayList<>(masks);
        all.add(more);
        return List.copyOf(all);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] c = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }

    static String printable(byte[] bytes) {
        String s = new String(bytes, 0, Math.min(bytes.length, 200), StandardCharsets.ISO_8859_1);
        return s.replace("\r", "\\r").replace("\n", "\\n").replace("\0", "\\0") + (bytes.length > 200 ? "..." : "");
    }
}
