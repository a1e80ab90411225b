package io.memcached4j.testkit.junit;

import io.memcached4j.ServerAddress;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** One-shot raw socket exchanges with a fake, for the extension's tests. */
final class Raw {
    private Raw() {
    }

    /**
     * Sends a command and reads reply lines until one equals {@code last} (or the first line when null).
     */
    static List<String> exchange(ServerAddress address, String command, String last) throws IOException {
        try (Socket socket = new Socket(address.host(), address.port())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(command.getBytes(StandardCharsets.UTF_8));
            InputStream in = socket.getInputStream();
            List<String> lines = new ArrayList<>();
            while (true) {
                String line = readLine(in);
                lines.add(line);
                if (last == null || line.equals(last)) {
                    return lines;
                }
            }
        }
    }

    static String version(ServerAddress address) throws IOException {
        return exchange(address, "version\r\n", null).get(0);
    }

    /** @return whether nothing listens on the address any more */
    static boolean isClosed(ServerAddress address) throws IOException {
        Socket socket;
        try {
            socket = new Socket(address.host(), address.port());
        } catch (ConnectException e) {
            return true;
        }
        socket.close();
        return false;
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != '\n') {
            if (b < 0) {
                throw new IOException("connection closed");
            }
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.UTF_8);
    }
}
