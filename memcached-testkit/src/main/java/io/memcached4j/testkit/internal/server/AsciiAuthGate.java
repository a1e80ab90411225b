package io.memcached4j.testkit.internal.server;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * memcached 1.6.18's text-protocol authentication ({@code -Y}) in front of one connection's
 * {@link Session}: until the client logs in with {@code set <any> <flags> <exptime> <bytes>\r\n<user> <password>\r\n},
 * every line gets {@code CLIENT_ERROR unauthenticated}; a login gets {@code STORED},
 * {@code CLIENT_ERROR authentication failure}, {@code CLIENT_ERROR bad authentication token format}
 * or {@code CLIENT_ERROR bad command line termination}, as memcached answers them. Like memcached
 * 1.6.18, it answers only the last of the requests that arrive in one read before the login (each
 * reply overwrites the one before). Once logged in, the bytes go to the session. One thread.
 */
final class AsciiAuthGate {
    /** memcached closes a connection that sends this much without a line end before logging in. */
    private static final int MAX_LINE = 2048;

    private final Map<String, String> users;
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
    private final ByteArrayOutputStream replies = new ByteArrayOutputStream();
    private int dataLength = -1;
    /** The reply to the last request of the current read. */
    private String last;
    private boolean authenticated;
    private boolean closing;

    AsciiAuthGate(Map<String, String> users) {
        this.users = Map.copyOf(users);
    }

    boolean authenticated() {
        return authenticated;
    }

    boolean closing() {
        return closing;
    }

    boolean hasOutput() {
        return replies.size() > 0;
    }

    /**
     * Takes and answers the bytes before the login; once logged in, it leaves the rest of {@code in}
     * for the session.
     *
     * @param in received bytes, in read mode
     */
    void receive(ByteBuffer in) {
        while (!authenticated && !closing && in.hasRemaining()) {
            byte b = in.get();
            pending.write(b);
            if (dataLength < 0) {
                if (b == '\n') {
                    byte[] line = pending.toByteArray();
                    pending.reset();
                    line(new String(line, 0, line.length - 1, StandardCharsets.ISO_8859_1));
                } else if (pending.size() > MAX_LINE) {
                    closing = true;
                }
            } else if (pending.size() == dataLength) {
                byte[] data = pending.toByteArray();
                pending.reset();
                dataLength = -1;
                data(data);
            }
        }
        if (last != null) {
            replies.writeBytes((last + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
            last = null;
        }
    }

    /** Moves the replies into {@code dst}, as far as it has room. */
    void drainTo(ByteBuffer dst) {
        byte[] all = replies.toByteArray();
        int n = Math.min(all.length, dst.remaining());
        dst.put(all, 0, n);
        replies.reset();
        replies.write(all, n, all.length - n);
    }

    private void line(String line) {
        if (line.endsWith("\r")) {
            line = line.substring(0, line.length() - 1);
        }
        List<String> tokens = tokens(line);
        Long size = tokens.size() >= 5 && tokens.get(0).equals("set") ? u32(tokens.get(4)) : null;
        if (size == null) {
            reply("CLIENT_ERROR unauthenticated");
            return;
        }
        dataLength = (int) Math.min(Integer.MAX_VALUE, size + 2);
    }

    private void data(byte[] data) {
        int n = data.length;
        if (n < 2 || data[n - 2] != '\r' || data[n - 1] != '\n') {
            reply("CLIENT_ERROR bad command line termination");
            return;
        }
        List<String> tokens = tokens(new String(data, 0, n - 2, StandardCharsets.ISO_8859_1));
        if (tokens.size() < 2) {
            reply("CLIENT_ERROR bad authentication token format");
            return;
        }
        String password = users.get(tokens.get(0));
        if (password != null && password.equals(tokens.get(1))) {
            authenticated = true;
            reply("STORED");
        } else {
            reply("CLIENT_ERROR authentication failure");
        }
    }

    private void reply(String line) {
        last = line;
    }

    private static List<String> tokens(String line) {
        List<String> tokens = new ArrayList<>();
        for (String t : line.split(" ")) {
            if (!t.isEmpty()) {
                tokens.add(t);
            }
        }
        return tokens;
    }

    private static Long u32(String text) {
        if (text.isEmpty() || text.length() > 10 || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return null;
        }
        long v = Long.parseLong(text);
        return v > 0xffffffffL ? null : v;
    }

    @Override
    public String toString() {
        return "AsciiAuthGate[users=" + Arrays.toString(users.keySet().toArray()) + ", authenticated=" + authenticated + "]";
    }
}
