package io.memcached4j.testkit;

import io.memcached4j.protocol.text.server.ServerRequest;
import io.memcached4j.protocol.text.server.ServerRequestParser;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The request a "reply for another key" fault executes instead of the one received: the same
 * command line with its first key replaced, and for a meta command its opaque token ({@code O})
 * replaced by another one, as the reply to another client's request would carry; the data block
 * is kept. What the engine answers to it is the reply to a request that was never sent on this
 * connection.
 */
final class OtherKeyRequest {
    private OtherKeyRequest() {
    }

    /**
     * Rewrites a request to name another key.
     *
     * @param request the request received
     * @param otherKey the key to name instead
     * @return the parsed rewritten request, or null when the request names no key or cannot be rewritten
     */
    static ServerRequest of(RecordedRequest request, String otherKey) {
        if (request.keys().isEmpty()) {
            return null;
        }
        List<String> words = new ArrayList<>(FakeHooks.words(request.commandLine()));
        String command = request.command();
        int keyAt = command.equals("gat") || command.equals("gats") ? 2 : 1;
        if (keyAt >= words.size()) {
            return null;
        }
        words.set(keyAt, otherKey);
        if (command.length() == 2 && command.charAt(0) == 'm') {
            for (int i = keyAt + 1; i < words.size(); i++) {
                String w = words.get(i);
                if (w.charAt(0) == 'O') {
                    words.set(i, w.equals("O0") ? "O1" : "O0");
                }
            }
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.writeBytes((String.join(" ", words) + "\r\n").getBytes(StandardCharsets.UTF_8));
        if (FakeHooks.carriesData(command)) {
            bytes.writeBytes(request.data());
            bytes.writeBytes(new byte[] {'\r', '\n'});
        }
        return new ServerRequestParser(Integer.MAX_VALUE).next(ByteBuffer.wrap(bytes.toByteArray()));
    }
}
