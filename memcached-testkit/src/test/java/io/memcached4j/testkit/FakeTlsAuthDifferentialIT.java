package io.memcached4j.testkit;

import io.memcached4j.ServerAddress;
import io.memcached4j.process.MemcachedProcess;
import io.memcached4j.process.RawTextSession;
import io.memcached4j.testkit.internal.server.StandaloneMainAccess;
import io.memcached4j.testkit.tls.TlsMaterial;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import javax.net.ssl.SSLContext;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The login dialogue of memcached's {@code -Y}, over plain TCP and over TLS ({@code -Z}), sent to
 * real memcached 1.6.18 and to the fake started from the same flags (as the standalone jar takes
 * them): the replies must be equal byte for byte. And {@code stats settings} of servers started
 * with {@code -Z} (with and without client certificates) and {@code -Y}, compared field by field.
 */
class FakeTlsAuthDifferentialIT {
    /** Each step is sent alone, and its reply (this many lines) read before the next. */
    private record Step(String send, int lines) {
    }

    private static final List<List<Step>> SESSIONS = List.of(
            List.of(new Step("get foo\r\n", 1), new Step("version\r\n", 1), new Step("mn\r\n", 1),
                    new Step("quit\r\n", 1), new Step("set x 0 0\r\n", 1), new Step("add x 0 0 6\r\nbob pw\r\n", 1),
                    new Step("set x 0 0 8\r\nalice xx\r\n", 1), new Step("set x 0 0 5\r\nbobpw\r\n", 1),
                    new Step("set x 0 0 0\r\n\r\n", 1), new Step("get foo\r\n", 1),
                    new Step("set x 0 0 13\r\nalice s3cret!\r\n", 1), new Step("version\r\n", 1),
                    new Step("set k 0 0 1\r\na\r\n", 1), new Step("get k\r\n", 3)),
            List.of(new Step("set any 1 2 8 noreply\r\n bob  pw\r\n", 1), new Step("get k\r\n", 3)),
            List.of(new Step("set x 0 0 9\r\nbob pw xx\r\n", 1), new Step("version\r\n", 1)),
            // several requests in one write before the login: memcached 1.6.18 answers only the last
            List.of(new Step("get foo\r\nversion\r\n", 1), new Step("get a\r\nset x 0 0 8\r\nalice xx\r\n", 1),
                    new Step("get foo\r\nset x 0 0 13\r\nalice s3cret!\r\nversion\r\n", 2)));

    private static final List<List<Step>> PLAIN_SESSIONS = List.of(
            List.of(new Step("version\r\n", 1), new Step("set k 0 0 1\r\na\r\n", 1), new Step("get k\r\n", 3)));

    /**
     * The {@code stats settings} fields that may differ, and why; every other field must be equal.
     * Both servers run with {@code -t 4}: the fake takes {@code -t} and ignores it, reporting
     * memcached's default of 4 threads.
     */
    private static final Map<String, String> OWN_VALUES = Map.of(
            "tcpport", "each server listens on a free port of its own");

    @TempDir
    static Path dir;
    private static TlsMaterial tls;
    private static Path auth;

    @BeforeAll
    static void files() throws IOException {
        tls = TlsMaterial.builder().directory(dir).build();
        auth = Files.writeString(dir.resolve("auth"), "alice:s3cret!\nbob:pw\n");
    }

    @Test
    void theLoginGetsTheSameRepliesFromTheFakeAsFromMemcached() throws Exception {
        compare(List.of("-Y", auth.toString()), null, SESSIONS);
    }

    @Test
    void theLoginOverTlsGetsTheSameRepliesFromTheFakeAsFromMemcached() throws Exception {
        List<String> args = new ArrayList<>(tls.memcachedArguments());
        args.addAll(List.of("-Y", auth.toString()));
        compare(args, tls.clientSslContextWithoutCertificate(), SESSIONS);
    }

    @Test
    void mutualTlsGetsTheSameRepliesFromTheFakeAsFromMemcached() throws Exception {
        compare(tls.memcachedArgumentsVerifyingClients(2), tls.clientSslContext(), PLAIN_SESSIONS);
    }

    @Test
    void statsSettingsOverTlsMatchMemcachedFieldByField() throws Exception {
        Map<String, String> fake = compareSettings(tls.memcachedArguments(), tls.clientSslContextWithoutCertificate(), false);

        assertEquals("yes", fake.get("ssl_enabled"));
        assertEquals(tls.serverChain().toString(), fake.get("ssl_chain_cert"));
        assertEquals(tls.serverKey().toString(), fake.get("ssl_key"));
        assertEquals("NULL", fake.get("ssl_ca_cert"));
    }

    @ParameterizedTest
    @CsvSource({"1, 1", "2, 3", "3, 7"})
    void statsSettingsOverMutualTlsMatchMemcachedFieldByField(int verifyMode, String reported) throws Exception {
        Map<String, String> fake = compareSettings(tls.memcachedArgumentsVerifyingClients(verifyMode),
                tls.clientSslContext(), false);

        assertEquals(reported, fake.get("ssl_verify_mode"), "memcached reports OpenSSL's verify flags");
        assertEquals(tls.caCertificate().toString(), fake.get("ssl_ca_cert"));
    }

    @Test
    void statsSettingsOverTlsWithALoginMatchMemcachedFieldByField() throws Exception {
        List<String> args = new ArrayList<>(tls.memcachedArguments());
        args.addAll(List.of("-Y", auth.toString()));
        Map<String, String> fake = compareSettings(args, tls.clientSslContextWithoutCertificate(), true);

        assertEquals(auth.toString(), fake.get("auth_enabled_ascii"));
        assertEquals("ascii", fake.get("binding_protocol"));
        assertEquals("yes", fake.get("ssl_enabled"));
    }

    @Test
    void statsSettingsWithALoginOverPlainTcpMatchMemcachedFieldByField() throws Exception {
        Map<String, String> fake = compareSettings(List.of("-Y", auth.toString()), null, true);

        assertEquals("no", fake.get("ssl_enabled"));
        assertEquals("(null)", fake.get("ssl_chain_cert"));
    }

    @Test
    void statsOverTlsHaveMemcachedsFieldsInItsOrderWithItsTlsFields() throws Exception {
        List<String> args = new ArrayList<>(tls.memcachedArguments());
        List<String> fakeArgs = new ArrayList<>(args);
        fakeArgs.addAll(List.of("-p", "0", "-l", "127.0.0.1", "-U", "0", "-m", "64", "-t", "4"));
        SSLContext client = tls.clientSslContextWithoutCertificate();
        try (MemcachedProcess real = MemcachedProcess.builder().threads(4).memoryMegabytes(64)
                     .arguments(args.toArray(String[]::new)).start();
             FakeMemcached fake = StandaloneMainAccess.parse(fakeArgs.toArray(String[]::new)).start()) {
            Map<String, String> expected = fields(run(real.port(), client, List.of(), "stats\r\n"));
            Map<String, String> actual = fields(run(fake.port(), client, List.of(), "stats\r\n"));

            // the values are the server's own (pid, times, counters), as FakeMemcachedDifferentialIT masks them
            assertEquals(List.copyOf(expected.keySet()), List.copyOf(actual.keySet()), "the fields and their order");
            List<String> names = List.copyOf(actual.keySet());
            assertEquals(List.of("log_watchers", "ssl_handshake_errors", "time_since_server_cert_refresh",
                    "unexpected_napi_ids"), names.subList(names.indexOf("log_watchers"), names.indexOf("unexpected_napi_ids") + 1));
            // memcached counts a handshake that fails as it accepts the connection: MemcachedProcess's
            // readiness probe (a plain connect and close) sometimes; the fake counts none
            assertTrue(Long.parseLong(expected.get("ssl_handshake_errors")) >= 0, expected.toString());
            assertEquals("0", actual.get("ssl_handshake_errors"));
            for (Map<String, String> stats : List.of(expected, actual)) {
                // the certificate is loaded at process time 0, and uptime is the process time less 60 s
                assertEquals(60, Long.parseLong(stats.get("time_since_server_cert_refresh"))
                        - Long.parseLong(stats.get("uptime")), "loaded as the server started: " + stats);
            }
        }
    }

    /**
     * Starts memcached and the fake with the same flags, reads {@code stats settings} from each
     * (after the login when {@code login}) and compares them field by field, in order.
     *
     * @return the fake's fields
     */
    private static Map<String, String> compareSettings(List<String> args, SSLContext client, boolean login)
            throws Exception {
        List<String> fakeArgs = new ArrayList<>(args);
        fakeArgs.addAll(List.of("-p", "0", "-l", "127.0.0.1", "-U", "0", "-m", "64", "-t", "4"));
        try (MemcachedProcess real = MemcachedProcess.builder().threads(4).memoryMegabytes(64)
                     .arguments(args.toArray(String[]::new)).start();
             FakeMemcached fake = StandaloneMainAccess.parse(fakeArgs.toArray(String[]::new)).start()) {
            Map<String, String> expected = statsSettings(real.port(), client, login);
            Map<String, String> actual = statsSettings(fake.port(), client, login);

            assertEquals(List.copyOf(expected.keySet()), List.copyOf(actual.keySet()), "the fields and their order");
            List<String> differences = new ArrayList<>();
            for (Map.Entry<String, String> field : expected.entrySet()) {
                if (!OWN_VALUES.containsKey(field.getKey()) && !field.getValue().equals(actual.get(field.getKey()))) {
                    differences.add(field.getKey() + ": memcached " + field.getValue() + ", fake " + actual.get(field.getKey()));
                }
            }
            assertEquals(List.of(), differences, "fields that differ");
            assertEquals(Integer.toString(real.port()), expected.get("tcpport"));
            assertEquals(Integer.toString(fake.port()), actual.get("tcpport"));
            return actual;
        }
    }

    private static Map<String, String> statsSettings(int port, SSLContext tls, boolean login) throws IOException {
        List<Step> steps = new ArrayList<>();
        if (login) {
            steps.add(new Step("set x 0 0 13\r\nalice s3cret!\r\n", 1));
        }
        List<String> replies = run(port, tls, steps, "stats settings\r\n");
        if (login) {
            assertEquals("set x 0 0 13|alice s3cret!| -> STORED\r\n", replies.get(0));
        }
        return fields(replies);
    }

    /** The {@code STAT} lines of the last reply, by name in their order. */
    private static Map<String, String> fields(List<String> replies) {
        Map<String, String> fields = new LinkedHashMap<>();
        String[] lines = replies.get(replies.size() - 1).split("\r\n");
        assertEquals("END", lines[lines.length - 1]);
        for (int i = 0; i < lines.length - 1; i++) {
            String[] stat = lines[i].split(" ", 3);
            assertEquals("STAT", stat[0], lines[i]);
            fields.put(stat[1], stat[2]);
        }
        return fields;
    }

    private static void compare(List<String> args, SSLContext client, List<List<Step>> sessions) throws Exception {
        List<String> fakeArgs = new ArrayList<>(args);
        fakeArgs.addAll(List.of("-p", "0", "-l", "127.0.0.1"));
        try (MemcachedProcess real = MemcachedProcess.builder().arguments(args.toArray(String[]::new)).start();
             FakeMemcached fake = StandaloneMainAccess.parse(fakeArgs.toArray(String[]::new)).start()) {
            for (List<Step> session : sessions) {
                List<String> expected = run(real.port(), client, session);
                List<String> actual = run(fake.port(), client, session);
                assertEquals(expected, actual, "session " + session);
            }
        }
    }

    private static List<String> run(int port, SSLContext tls, List<Step> steps) throws IOException {
        return run(port, tls, steps, null);
    }

    /** Runs the steps, then sends {@code untilEnd} (when not null) and reads its reply up to {@code END}. */
    private static List<String> run(int port, SSLContext tls, List<Step> steps, String untilEnd) throws IOException {
        ServerAddress server = new ServerAddress("127.0.0.1", port);
        try (RawTextSession session = tls == null ? RawTextSession.open(server) : RawTextSession.openTls(server, tls)) {
            List<String> replies = new ArrayList<>();
            for (Step step : steps) {
                session.send(step.send().getBytes(StandardCharsets.ISO_8859_1));
                ByteArrayOutputStream reply = new ByteArrayOutputStream();
                for (int lines = 0; lines < step.lines(); ) {
                    int b = session.read();
                    if (b < 0) {
                        reply.writeBytes("<closed>".getBytes(StandardCharsets.ISO_8859_1));
                        break;
                    }
                    reply.write(b);
                    if (b == '\n') {
                        lines++;
                    }
                }
                String text = reply.toString(StandardCharsets.ISO_8859_1);
                replies.add(step.send().replace("\r\n", "|") + " -> " + text);
                if (text.endsWith("<closed>")) {
                    break;
                }
            }
            if (untilEnd != null) {
                String reply = session.send(untilEnd.getBytes(StandardCharsets.ISO_8859_1)).readUntil("END\r\n");
                if (reply.endsWith("<EOF>")) {
                    throw new IOException("closed before END: " + reply);
                }
                replies.add(reply);
            }
            return replies;
        }
    }
}
