package io.memcached4j.benchmarks;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static io.memcached4j.benchmarks.ReplyParser.END;
import static io.memcached4j.benchmarks.ReplyParser.indexOfCr;
import static io.memcached4j.benchmarks.ReplyParser.opaqueOf;
import static io.memcached4j.benchmarks.ReplyParser.startsWith;

/**
 * One blocking NIO connection (or, over TLS, one blocking {@code SSLSocket}) speaking just enough
 * of the text protocol for the yardstick: {@code get} (one or many keys) and {@code set}, or their
 * meta forms {@code mg}, {@code ms} and {@code mn} with an opaque token on every request that the
 * reply must echo. Requests are appended to an output buffer and sent with one {@code write};
 * replies are parsed in place from one input buffer. Not thread-safe.
 */
final class TextConnection implements AutoCloseable {
    /** Returned by {@link #pollGet()} while the reply is not complete yet. */
    static final byte[] INCOMPLETE = new byte[0];

    private static final byte[] GET = "get ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SET = "set ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CRLF = {'\r', '\n'};
    private static final byte[] STORED = "STORED\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] MG = "mg ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] MS = "ms ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] VALUE_OPAQUE = " v O".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] VALUE_QUIET_OPAQUE = " v q O".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] MN = "mn\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] HD = "HD".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] EN = "EN".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] MN_REPLY = "MN\r\n".getBytes(StandardCharsets.US_ASCII);

    private final SocketChannel channel;
    /** Over TLS, the socket and its streams, and a null {@link #channel}; else null. */
    private final SSLSocket tls;
    private final InputStream tlsIn;
    private final OutputStream tlsOut;
    /** Over TLS, the TCP socket's own stream under {@link #tls}: what arrived and is not read yet. */
    private final InputStream tcpIn;
    private ByteBuffer out = ByteBuffer.allocate(64 * 1024);
    private ByteBuffer in = ByteBuffer.allocate(64 * 1024);
    /** Unparsed input is {@code in.array()[position, limit)} while {@code in} is in read mode. */
    private int position;

    private final ReplyParser parser = new ReplyParser();
    private int nextOpaque;

    /**
     * Connects over TLS when {@code context} is not null: a blocking {@link SSLSocket} over a TCP
     * socket, that checks the server's certificate names the address, handshaken before this returns.
     */
    TextConnection(InetSocketAddress address, SSLContext context) throws IOException {
        if (context == null) {
            channel = SocketChannel.open();
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            channel.connect(address);
            tls = null;
            tlsIn = null;
            tlsOut = null;
            tcpIn = null;
        } else {
            channel = null;
            Socket tcp = new Socket();
            tcp.setTcpNoDelay(true);
            tcp.connect(address);
            tcpIn = tcp.getInputStream();
            tls = (SSLSocket) context.getSocketFactory().createSocket(tcp, address.getHostString(), address.getPort(), true);
            SSLParameters parameters = tls.getSSLParameters();
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
            tls.setSSLParameters(parameters);
            tls.startHandshake();
            tlsIn = tls.getInputStream();
            tlsOut = tls.getOutputStream();
        }
        in.flip();
    }

    /** Appends {@code get <key>}; nothing is sent before {@link #flush()}. */
    void appendGet(String key) {
        ensureRoom(GET.length + key.length() + CRLF.length);
        out.put(GET).put(ascii(key)).put(CRLF);
    }

    /** Appends {@code get <key> <key>...}. */
    void appendMultiGet(Iterable<String> keys) {
        ensureRoom(GET.length);
        out.put(GET, 0, GET.length - 1);
        for (String key : keys) {
            ensureRoom(1 + key.length() + CRLF.length);
            out.put((byte) ' ').put(ascii(key));
        }
        out.put(CRLF);
    }

    /** Appends {@code set <key> 0 0 <n>} and the value. */
    void appendSet(String key, byte[] value) {
        byte[] header = (key + " 0 0 " + value.length).getBytes(StandardCharsets.US_ASCII);
        ensureRoom(SET.length + header.length + value.length + 2 * CRLF.length);
        out.put(SET).put(header).put(CRLF).put(value).put(CRLF);
    }

    /**
     * Takes {@code count} consecutive opaque tokens for the next requests; returns the first. A
     * connection numbers at most about two billion requests, far more than a benchmark run sends.
     */
    int takeOpaques(int count) {
        if (nextOpaque > Integer.MAX_VALUE - count) {
            throw new IllegalStateException("this connection has used up its opaque tokens");
        }
        int first = nextOpaque;
        nextOpaque += count;
        return first;
    }

    /** Appends {@code mg <key> v O<opaque>}. */
    void appendMetaGet(String key, int opaque) {
        appendMetaLine(MG, key, VALUE_OPAQUE, opaque);
    }

    /**
     * Appends one {@code mg <key> v q O<i>} per key, {@code i} counting from {@code firstOpaque},
     * then {@code mn}: hits answer {@code VA}, misses nothing, and {@code MN} ends the batch.
     */
    void appendMetaMultiGet(Iterable<String> keys, int firstOpaque) {
        int opaque = firstOpaque;
        for (String key : keys) {
            appendMetaLine(MG, key, VALUE_QUIET_OPAQUE, opaque++);
        }
        ensureRoom(MN.length);
        out.put(MN);
    }

    /** Appends {@code ms <key> <n> O<opaque>} and the value. */
    void appendMetaSet(String key, byte[] value, int opaque) {
        byte[] header = (key + " " + value.length + " O" + opaque).getBytes(StandardCharsets.US_ASCII);
        ensureRoom(MS.length + header.length + value.length + 2 * CRLF.length);
        out.put(MS).put(header).put(CRLF).put(value).put(CRLF);
    }

    private void appendMetaLine(byte[] command, String key, byte[] flags, int opaque) {
        byte[] token = Integer.toString(opaque).getBytes(StandardCharsets.US_ASCII);
        ensureRoom(command.length + key.length() + flags.length + token.length + CRLF.length);
        out.put(command).put(ascii(key)).put(flags).put(token).put(CRLF);
    }

    /** Sends everything appended, in as few writes as the socket allows. */
    void flush() throws IOException {
        out.flip();
        if (tls != null) {
            tlsOut.write(out.array(), 0, out.limit());
        } else {
            while (out.hasRemaining()) {
                channel.write(out);
            }
        }
        out.clear();
    }

    /** Blocks until the reply to a one-key get is complete; null on a miss. */
    byte[] readGet() throws IOException {
        byte[] value;
        while ((value = pollGet()) == INCOMPLETE) {
            fill();
        }
        return value;
    }

    /**
     * Parses the next one-key get reply from what was already read, without reading more.
     *
     * @return the value, null on a miss, or {@link #INCOMPLETE}
     */
    byte[] pollGet() throws IOException {
        byte[] a = in.array();
        int limit = in.limit();
        if (startsWith(a, position, limit, END)) {
            position += END.length;
            return null;
        }
        if (!parser.valueBlock(a, position, limit)) {
            return INCOMPLETE;
        }
        int blockEnd = parser.blockEnd;
        if (!startsWith(a, blockEnd, limit, END)) {
            return limit - blockEnd < END.length ? INCOMPLETE : fail("END expected after one value", blockEnd);
        }
        position = blockEnd + END.length;
        return parser.data(a);
    }

    /** Blocks until a multi-get reply is complete, putting what was found into {@code into}. */
    void readMultiGet(Map<String, byte[]> into) throws IOException {
        int end;
        while ((end = parser.multiGet(in.array(), position, in.limit(), into)) < 0) {
            position = ~end;
            fill();
        }
        position = end;
    }

    /** Blocks until the reply to {@code mg <key> v O<opaque>} is complete; null on a miss. */
    byte[] readMetaGet(int opaque) throws IOException {
        byte[] value;
        while ((value = pollMetaGet(opaque)) == INCOMPLETE) {
            fill();
        }
        return value;
    }

    /**
     * Parses the next {@code mg} reply from what was already read, checking that it echoes
     * {@code opaque} (memcached 1.6.18 echoes it on a miss too, {@code EN O<n>}; a bare {@code EN},
     * as older servers send, is taken as this request's miss).
     *
     * @return the value, null on a miss, or {@link #INCOMPLETE}
     */
    byte[] pollMetaGet(int opaque) throws IOException {
        byte[] a = in.array();
        int limit = in.limit();
        int lineEnd = indexOfCr(a, position, limit);
        if (lineEnd < 0 || lineEnd + 1 >= limit) {
            return INCOMPLETE;
        }
        if (startsWith(a, position, limit, EN)) {
            int echoed = opaqueOf(a, position, lineEnd);
            if (echoed >= 0 && echoed != opaque) {
                fail("EN O" + opaque + " expected", position);
            }
            position = lineEnd + 2;
            return null;
        }
        if (!parser.metaValue(a, position, lineEnd, limit, opaque)) {
            return INCOMPLETE;
        }
        position = parser.blockEnd;
        return parser.data(a);
    }

    /**
     * Blocks until the reply to {@link #appendMetaMultiGet} ends with {@code MN}, putting each hit
     * into {@code into} under the key its opaque token names.
     */
    void readMetaMultiGet(List<String> keys, int firstOpaque, Map<String, byte[]> into) throws IOException {
        while (true) {
            byte[] a = in.array();
            int limit = in.limit();
            if (startsWith(a, position, limit, MN_REPLY)) {
                position += MN_REPLY.length;
                return;
            }
            int lineEnd = indexOfCr(a, position, limit);
            if (lineEnd < 0 || lineEnd + 1 >= limit || !parser.metaValue(a, position, lineEnd, limit, -1)) {
                fill();
                continue;
            }
            int index = parser.parsedOpaque - firstOpaque;
            if (index < 0 || index >= keys.size()) {
                fail("opaque token of a requested key expected", position);
            }
            into.put(keys.get(index), parser.data(a));
            position = parser.blockEnd;
        }
    }

    /** Blocks until the reply to {@code ms} arrives; fails unless it is {@code HD O<opaque>}. */
    void readMetaStored(int opaque) throws IOException {
        int lineEnd;
        while ((lineEnd = indexOfCr(in.array(), position, in.limit())) < 0 || lineEnd + 1 >= in.limit()) {
            fill();
        }
        byte[] a = in.array();
        if (!startsWith(a, position, lineEnd, HD) || opaqueOf(a, position, lineEnd) != opaque) {
            fail("HD O" + opaque + " expected", position);
        }
        position = lineEnd + 2;
    }

    /** Blocks until the reply to a set arrives; fails unless it is {@code STORED}. */
    void readStored() throws IOException {
        while (in.limit() - position < STORED.length) {
            fill();
        }
        if (!startsWith(in.array(), position, in.limit(), STORED)) {
            fail("STORED expected", position);
        }
        position += STORED.length;
    }

    /**
     * Reads more input, blocking until at least one byte arrives; grows the buffer when full. Over
     * TLS, an {@code SSLSocket} read returns one record, and memcached sends each reply in a record
     * of its own: this goes on reading while more bytes wait on the TCP socket, to take in what
     * arrived as one NIO read does.
     */
    void fill() throws IOException {
        int unread = in.limit() - position;
        if (position > 0) {
            System.arraycopy(in.array(), position, in.array(), 0, unread);
            position = 0;
        }
        if (unread == in.capacity()) {
            ByteBuffer bigger = ByteBuffer.allocate(in.capacity() * 2);
            bigger.put(in.array(), 0, unread);
            in = bigger;
        } else {
            in.limit(in.capacity()).position(unread);
        }
        if (tls != null) {
            do {
                int n = tlsIn.read(in.array(), in.position(), in.remaining());
                if (n < 0) {
                    throw new IOException("memcached closed the connection");
                }
                in.position(in.position() + n);
            } while (in.hasRemaining() && tcpIn.available() > 0);
        } else if (channel.read(in) < 0) {
            throw new IOException("memcached closed the connection");
        }
        in.flip();
    }

    @Override
    public void close() throws IOException {
        if (tls != null) {
            tls.close();
        } else {
            channel.close();
        }
    }

    private <T> T fail(String what, int at) throws IOException {
        throw ReplyParser.unexpected(what, in.array(), at, in.limit());
    }

    private void ensureRoom(int bytes) {
        if (out.remaining() < bytes) {
            ByteBuffer bigger = ByteBuffer.allocate(Math.max(out.capacity() * 2, out.position() + bytes));
            out.flip();
            bigger.put(out);
            out = bigger;
        }
    }

    private static byte[] ascii(String key) {
        return key.getBytes(StandardCharsets.US_ASCII);
    }
}
