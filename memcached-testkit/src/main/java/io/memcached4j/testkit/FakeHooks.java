package io.memcached4j.testkit;

import io.memcached4j.protocol.text.server.ServerRequest;
import io.memcached4j.testkit.internal.server.Directive;
import io.memcached4j.testkit.internal.server.ServerHooks;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/** Connects the server to the fake's request log and faults: records each request, then asks the faults. */
final class FakeHooks implements ServerHooks {
    private static final byte[] NO_DATA = {};

    private final RequestLog log;
    private final Faults faults;

    FakeHooks(RequestLog log, Faults faults) {
        this.log = log;
        this.faults = faults;
    }

    @Override
    public boolean admit() {
        return faults.admits();
    }

    @Override
    public Directive onRequest(long connectionId, int sequence, ServerRequest request, byte[] commandLine) {
        RecordedRequest recorded = record(connectionId, sequence, request, commandLine);
        log.add(recorded);
        return faults.directiveFor(recorded);
    }

    @Override
    public long replyByteLimit() {
        return faults.replyByteLimit();
    }

    static RecordedRequest record(long connectionId, int sequence, ServerRequest request, byte[] commandLine) {
        String line = new String(commandLine, StandardCharsets.UTF_8);
        List<String> words = words(line);
        String command = words.isEmpty() ? "" : words.get(0);
        List<String> keys = List.of();
        List<String> metaFlags = List.of();
        int flags = 0;
        byte[] data = NO_DATA;
        if (request instanceof ServerRequest.Get r) {
            keys = r.keys().stream().map(FakeHooks::utf8).toList();
        } else if (request instanceof ServerRequest.Store r) {
            keys = List.of(utf8(r.key()));
            flags = r.flags();
            data = r.data();
        } else if (request instanceof ServerRequest.TooLarge r) {
            keys = List.of(utf8(r.key()));
        } else if (request instanceof ServerRequest.Delete r) {
            keys = List.of(utf8(r.key()));
        } else if (request instanceof ServerRequest.Arithmetic r) {
            keys = List.of(utf8(r.key()));
        } else if (request instanceof ServerRequest.Touch r) {
            keys = List.of(utf8(r.key()));
        } else if (request instanceof ServerRequest.MetaDebug r) {
            keys = List.of(utf8(r.key()));
        } else if (request instanceof ServerRequest.Meta r) {
            keys = List.of(utf8(r.key()));
            metaFlags = r.flags();
            data = r.data() == null ? NO_DATA : r.data();
        }
        return new RecordedRequest(connectionId, sequence, command, keys, line, flags, metaFlags,
                dataLength(command, words), data);
    }

    /** The data length a storage command announces; the data may have been refused, so it is read from the line. */
    private static int dataLength(String command, List<String> words) {
        int index = dataLengthIndex(command);
        if (index < 0 || index >= words.size()) {
            return 0;
        }
        try {
            return Math.max(0, Integer.parseInt(words.get(index)));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** The index of the data length among a command's words, -1 for a command without a data block. */
    private static int dataLengthIndex(String command) {
        return switch (command) {
            case "set", "add", "replace", "append", "prepend", "cas" -> 4;
            case "ms" -> 2;
            default -> -1;
        };
    }

    /**
     * Tells whether a command is followed by a data block.
     *
     * @param command the command word
     * @return true for the storage commands and {@code ms}
     */
    static boolean carriesData(String command) {
        return dataLengthIndex(command) >= 0;
    }

    /**
     * Splits on spaces only, as memcached tokenizes.
     *
     * @param line a command line
     * @return its words
     */
    static List<String> words(String line) {
        return Arrays.stream(line.split(" ")).filter(w -> !w.isEmpty()).toList();
    }

    /** Re-reads a parser key (one char per byte) as UTF-8. */
    private static String utf8(String latin1) {
        return new String(latin1.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
    }
}
