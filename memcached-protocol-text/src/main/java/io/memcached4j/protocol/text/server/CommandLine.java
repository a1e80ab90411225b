package io.memcached4j.protocol.text.server;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A request line split as memcached's {@code tokenize_command} splits it: on {@code ' '} only, at
 * most 24 tokens, the words after the 23rd left to the terminal token. {@link #count()} is
 * memcached's {@code ntokens} (tokens plus the terminal).
 */
final class CommandLine {
    private static final int MAX_TOKENS = 24;

    private final byte[] line;
    private final int length;
    private final List<String> words;

    /** Splits the first {@code length} bytes of {@code line}; the array must not change while this is used. */
    CommandLine(byte[] line, int length) {
        this.line = line;
        this.length = length;
        this.words = tokenize();
    }

    /** @return memcached's {@code ntokens}: the words plus the terminal token */
    int count() {
        return words.size() + 1;
    }

    /** @return the i-th word, or the empty string past the last */
    String get(int i) {
        return i < words.size() ? words.get(i) : "";
    }

    /** @return the words within the token limit */
    List<String> words() {
        return words;
    }

    /** @return whether the last word is {@code noreply} */
    boolean noreply() {
        return get(count() - 2).equals("noreply");
    }

    private List<String> tokenize() {
        List<String> tokens = new ArrayList<>();
        int s = 0;
        int e = 0;
        boolean full = false;
        for (; e < length; e++) {
            if (line[e] == ' ') {
                if (s != e) {
                    tokens.add(text(s, e));
                    if (tokens.size() == MAX_TOKENS - 1) {
                        e++;
                        s = e;
                        full = true;
                        break;
                    }
                }
                s = e + 1;
            }
        }
        if (!full && s != e) { // the words after the 23rd only count as the terminal token
            tokens.add(text(s, e));
        }
        return tokens;
    }

    /** @return every word of the line, past the token limit too (the keys of a long multi-get) */
    List<String> allWords() {
        List<String> all = new ArrayList<>();
        int s = 0;
        for (int e = 0; e <= length; e++) {
            if (e == length || line[e] == ' ') {
                if (s != e) {
                    all.add(text(s, e));
                }
                s = e + 1;
            }
        }
        return all;
    }

    private String text(int from, int to) {
        return new String(line, from, to - from, StandardCharsets.ISO_8859_1);
    }
}
