package io.memcached4j.testkit.internal.server;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Collects the command line of the request the parser is reading, from the byte ranges it
 * consumes (a request may arrive in many reads). Data blocks are not kept: only the bytes up to
 * the first newline, bounded like the parser's longest line.
 */
final class RequestCapture {
    private static final int MAX_LINE = 1 << 20;

    private byte[] line = new byte[128];
    private int length;
    private boolean lineComplete;

    /**
     * Records the bytes the parser consumed.
     *
     * @param buffer the read buffer
     * @param from the first consumed index
     * @param to the index after the last consumed byte
     */
    void consumed(ByteBuffer buffer, int from, int to) {
        for (int i = from; i < to && !lineComplete; i++) {
            byte b = buffer.get(i);
            if (b == '\n') {
                lineComplete = true;
            } else if (length < MAX_LINE) {
                if (length == line.length) {
                    line = Arrays.copyOf(line, line.length * 2);
                }
                line[length++] = b;
            }
        }
    }

    /**
     * Ends the current request.
     *
     * @return its command line without the line end
     */
    byte[] take() {
        int n = length;
        if (lineComplete && n > 0 && line[n - 1] == '\r') {
            n--;
        }
        byte[] result = Arrays.copyOf(line, n);
        length = 0;
        lineComplete = false;
        return result;
    }
}
