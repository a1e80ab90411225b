package io.memcached4j.testkit;

import io.memcached4j.ServerAddress;
import io.memcached4j.process.MemcachedProcess;
import io.memcached4j.process.RawTextSession;
import io.memcached4j.testkit.internal.server.StandaloneMainAccess;
import io.memcached4j.testkit.tls.TlsMaterial;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.SSLContext;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The login dialogue of memcached's {@code -Y}, over plain TCP and over TLS ({@code -Z}), sent to
 * real memcached 1.6.18 and to the fake started from the same flags (as the standalone jar takes
 * them): the replies must be equal byte for byte.
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

    private static List<String> run(int port, SSLContext tls, List<Step> steps) {
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
            return replies;
        }
    }
}
