package io.memcached4j.enumeration;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import io.memcached4j.LineConnection;
import io.memcached4j.MemcachedConnectionException;
import io.memcached4j.MemcachedTimeoutException;
import io.memcached4j.ServerAddress;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A mocked {@link LineConnection} that answers each command with scripted lines. Unknown commands get
 * {@code ERROR}. A command scripted several times gets the replies in turn, the last one repeating.
 * With {@link #hangWhenDrained()}, a read with nothing left blocks until the connection is closed, like
 * a server that is still crawling; otherwise it times out at once.
 */
final class ScriptedConnection {
    /** A scripted reply line that makes the read fail as if the server hung up. */
    static final String HANG_UP = "<hang up>";

    final LineConnection connection = mock(LineConnection.class);
    final List<String> sent = new CopyOnWriteArrayList<>();
    final AtomicInteger linesRead = new AtomicInteger();
    final CountDownLatch closed = new CountDownLatch(1);
    private final Map<String, Deque<List<String>>> replies = new HashMap<>();
    private final BlockingQueue<String> pending = new LinkedBlockingQueue<>();
    private volatile boolean hang;

    ScriptedConnection(ServerAddress server) {
        when(connection.server()).thenReturn(server);
        doAnswer(inv -> {
            String command = inv.getArgument(0);
            sent.add(command);
            pending.addAll(replyTo(command));
            return null;
        }).when(connection).sendLine(anyString());
        when(connection.readLine(any())).thenAnswer(inv -> {
            if (closed.getCount() == 0) {
                throw new MemcachedConnectionException("closed");
            }
            String line = pending.poll();
            if (line == null && hang) {
                while (line == null && closed.getCount() > 0) {
                    line = pending.poll(10, TimeUnit.MILLISECONDS);
                }
            }
            if (line == null) {
                if (closed.getCount() == 0) {
                    throw new MemcachedConnectionException("closed");
                }
                throw new MemcachedTimeoutException("no line within " + inv.getArgument(0));
            }
            if (line.equals(HANG_UP)) {
                throw new MemcachedConnectionException("the server closed the connection");
            }
            linesRead.incrementAndGet();
            return line;
        });
        doAnswer(inv -> {
            closed.countDown();
            return null;
        }).when(connection).close();
    }

    /** Scripts a reply to a command. */
    ScriptedConnection on(String command, String... lines) {
        return on(command, List.of(lines));
    }

    /** Scripts a reply to a command. */
    synchronized ScriptedConnection on(String command, List<String> lines) {
        replies.computeIfAbsent(command, c -> new ArrayDeque<>()).add(lines);
        return this;
    }

    /** Makes reads block, once the scripted lines are read, until the connection is closed. */
    ScriptedConnection hangWhenDrained() {
        hang = true;
        return this;
    }

    boolean isClosed() {
        return closed.getCount() == 0;
    }

    private synchronized List<String> replyTo(String command) {
        Deque<List<String>> queued = replies.get(command);
        if (queued == null) {
            return List.of("ERROR");
        }
        return queued.size() > 1 ? queued.poll() : queued.peek();
    }
}
