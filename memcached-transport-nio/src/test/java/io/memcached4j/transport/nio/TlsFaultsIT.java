package io.memcached4j.transport.nio;

import io.memcached4j.ClientConfig;
import io.memcached4j.TlsConfig;
import io.memcached4j.process.MemcachedProcess;
import io.memcached4j.testkit.tls.TlsMaterial;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * {@link FaultsIT}'s kill and restart under load, timeouts and backpressure, over TLS with a login
 * against real memcached ({@code -Z -Y}): every reconnect makes a new handshake and logs in again.
 */
class TlsFaultsIT {
    @TempDir
    static Path dir;
    private static List<String> arguments;
    private static UnaryOperator<ClientConfig.Builder> security;

    @BeforeAll
    static void certificates() throws IOException {
        TlsMaterial tls = TlsMaterial.builder().directory(dir).build();
        Path auth = Files.writeString(dir.resolve("auth"), "loader:Load-Pass-1\n");
        arguments = new ArrayList<>(tls.memcachedArguments());
        arguments.addAll(List.of("-Y", auth.toString()));
        TlsConfig config = TlsConfig.builder().sslContext(tls.clientSslContextWithoutCertificate()).build();
        security = b -> b.tls(config).credentials("loader", "Load-Pass-1").connectTimeout(Duration.ofSeconds(10));
    }

    private static MemcachedProcess.Builder server() {
        return MemcachedProcess.builder().arguments(arguments.toArray(String[]::new));
    }

    @Test
    void killAndRestartUnderLoadOverTls() throws Exception {
        // a new TLS handshake and login per connection: on a loaded 2-core machine they take a while
        FaultsIT.killAndRestartUnderLoad(server(), security, Duration.ofSeconds(15));
    }

    @Test
    void pauseLongerThanTheTimeoutThenResumeOverTls() throws Exception {
        FaultsIT.pauseLongerThanTheTimeoutThenResume(server(), security);
    }

    @Test
    void backpressureBoundsRequestsInFlightOverTls() throws Exception {
        FaultsIT.backpressureBoundsRequestsInFlight(server(), security);
    }
}
