package io.memcached4j.testkit.junit;

import io.memcached4j.ClientConfig;
import io.memcached4j.ServerAddress;
import io.memcached4j.testkit.tls.TlsMaterial;
import org.junit.jupiter.api.Test;

import javax.net.ssl.SSLSocket;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code @WithFakeMemcached(tls = true)}: the fake requires TLS with a certificate made for the test, and the injected configuration trusts it. */
@WithFakeMemcached(tls = true)
class TlsExtensionTest {

    @Test
    void theFakeAnswersOverTlsWithTheInjectedMaterial(ServerAddress address, TlsMaterial tls) throws IOException {
        try (SSLSocket socket = (SSLSocket) tls.clientSslContext().getSocketFactory().createSocket(address.host(), address.port())) {
            socket.setSoTimeout(10_000);
            assertEquals("VERSION 1.6.18", exchange(socket, "version"));
        }
    }

    @Test
    void aPlainClientGetsNoAnswer(ServerAddress address) throws IOException {
        try (Socket socket = new Socket(address.host(), address.port())) {
            socket.setSoTimeout(10_000);
            String reply;
            try {
                reply = exchange(socket, "version");
            } catch (IOException e) {
                reply = null; // reset: the fake wanted a TLS handshake
            }
            assertNotEquals("VERSION 1.6.18", reply);
        }
    }

    @Test
    void theInjectedConfigurationUsesTls(ClientConfig config, ServerAddress address) {
        assertTrue(config.tls().isPresent(), config.toString());
        assertNotNull(config.tls().get().sslContext(), config.toString());
        assertEquals(List.of(address), config.servers());
    }

    private static String exchange(Socket socket, String line) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII)).readLine();
    }
}
