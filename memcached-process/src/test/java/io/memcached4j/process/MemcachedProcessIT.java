package io.memcached4j.process;

import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MemcachedProcessIT {

    @Test
    void startsPausesResumesRestartsAndKills() throws Exception {
        try (MemcachedProcess memcached = MemcachedProcess.start()) {
            assertEquals("127.0.0.1", memcached.address().host());
            long firstPid = memcached.pid();
            try (Socket socket = connect(memcached)) {
                assertTrue(command(socket, "version").startsWith("VERSION 1."));

                memcached.pause();
                socket.setSoTimeout(300);
                OutputStream out = socket.getOutputStream();
                out.write("version\r\n".getBytes(StandardCharsets.US_ASCII));
                BufferedReader in = reader(socket);
                assertThrows(SocketTimeoutException.class, in::readLine, "a paused server answers nothing");

                memcached.resume();
                socket.setSoTimeout(5000);
                assertTrue(in.readLine().startsWith("VERSION 1."), "the reply arrives after SIGCONT");
            }

            int port = memcached.port();
            memcached.restart();
            assertEquals(port, memcached.port());
            assertNotEquals(firstPid, memcached.pid());
            try (Socket socket = connect(memcached)) {
                assertTrue(command(socket, "version").startsWith("VERSION 1."));
            }

            memcached.kill();
            assertFalse(memcached.isAlive());
            assertThrows(ConnectException.class, () -> connect(memcached).close());
        }
    }

    @Test
    void twoProcessesGetTwoPorts() {
        try (MemcachedProcess a = MemcachedProcess.start(); MemcachedProcess b = MemcachedProcess.start()) {
            assertNotEquals(a.port(), b.port());
        }
    }

    private static Socket connect(MemcachedProcess memcached) throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", memcached.port()), 2000);
        socket.setSoTimeout(5000);
        return socket;
    }

    private static BufferedReader reader(Socket socket) throws IOException {
        return new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
    }

    private static String command(Socket socket, String line) throws IOException {
        socket.getOutputStream().write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
        return reader(socket).readLine();
    }
}
