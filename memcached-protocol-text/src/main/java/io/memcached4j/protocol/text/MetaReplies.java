package io.memcached4j.protocol.text;

import io.memcached4j.MemcachedException;
import io.memcached4j.MetaCommand;
import io.memcached4j.MetaFlag;
import io.memcached4j.MetaRequest;
import io.memcached4j.MetaResponse;
import io.memcached4j.MetaStatus;
import io.memcached4j.ProtocolException;
import io.memcached4j.core.codec.Request;

import java.util.ArrayList;
import java.util.List;

/**
 * The meta replies of one connection ({@code HD}, {@code VA}, {@code EN}, {@code NF}, {@code NS},
 * {@code EX}, {@code ME}, {@code MN}), read line by line from a {@link ReplyReader}, each checked
 * against its request (its {@code O} token and {@code k} key), and the {@code mn} that follows a
 * quiet request, as the text codec's decoder describes.
 */
final class MetaReplies {
    private final ReplyReader line;

    // The reply in progress.
    private List<MetaFlag> flags;
    private boolean awaitingNoop;
    private Object quietResult;
    private MemcachedException quietError;

    MetaReplies(ReplyReader line) {
        this.line = line;
    }

    void reset() {
        flags = null;
        awaitingNoop = false;
        quietResult = null;
        quietError = null;
    }

    /** Reads a line of the reply: returns the reply, or {@link ReplyReader#CONTINUE} when more follows. */
    Object onLine(Request.Meta meta) {
        MetaRequest request = meta.request();
        boolean quiet = RequestEncoder.quietWithNoop(request);
        if (awaitingNoop) {
            if (!line.is("MN")) {
                throw new ProtocolException("expected MN after the reply to a quiet " + request.command().token()
                        + ": " + line.quoteLine());
            }
            if (quietError != null) {
                throw quietError;
            }
            return quietResult;
        }
        MemcachedException error = line.serverError();
        if (error != null) {
            if (quiet) {
                quietError = error;
                awaitingNoop = true;
                return ReplyReader.CONTINUE;
            }
            throw error;
        }
        int length = line.length();
        if (length < 2 || (length > 2 && line.at(2) != ' ')) {
            return line.unexpected(request.command().token());
        }
        if (line.is("MN")) {
            if (quiet) {
                boolean get = request.command() == MetaCommand.GET || request.command() == MetaCommand.DEBUG;
                return MetaResponse.of(get ? MetaStatus.MISS : MetaStatus.HEADER, List.of(), null);
            }
            if (request.command() == MetaCommand.NOOP) {
                return MetaResponse.of(MetaStatus.NOOP, List.of(), null);
            }
            return line.unexpected(request.command().token());
        }
        if (line.startsWith("ME ") && request.command() == MetaCommand.DEBUG) {
            int keyEnd = line.tokenEnd(3);
            if (!request.base64Key() && !line.asciiEquals(request.key(), 3, keyEnd)) {
                throw new ProtocolException("reply for key " + line.quote(3, keyEnd) + " to me " + request.key()
                        + ": not the reply to this request");
            }
            return reply(meta, MetaStatus.DEBUG, line.bytes(3, length));
        }
        if (line.startsWith("VA ")) {
            int lengthEnd = line.tokenEnd(3);
            long dataLength = line.number(3, lengthEnd);
            flags = checkCorrelation(meta, MetaStatus.VALUE, flags(lengthEnd));
            line.startData(dataLength);
            return ReplyReader.CONTINUE;
        }
        MetaStatus status;
        if (line.startsWith("HD")) {
            status = MetaStatus.HEADER;
        } else if (line.startsWith("EN")) {
            status = MetaStatus.MISS;
        } else if (line.startsWith("NF")) {
            status = MetaStatus.NOT_FOUND;
        } else if (line.startsWith("NS")) {
            status = MetaStatus.NOT_STORED;
        } else if (line.startsWith("EX")) {
            status = MetaStatus.EXISTS;
        } else {
            return line.unexpected(request.command().token());
        }
        flags = checkCorrelation(meta, status, flags(2));
        return reply(meta, status, null);
    }

    /** Takes the data block of a {@code VA} reply, which ends it (or, when quiet, leaves its {@code MN}). */
    Object onData(Request.Meta meta, byte[] value) {
        return reply(meta, MetaStatus.VALUE, value);
    }

    private Object reply(Request.Meta meta, MetaStatus status, byte[] value) {
        MetaResponse response = MetaResponse.of(status, flags == null ? List.of() : flags, value);
        if (RequestEncoder.quietWithNoop(meta.request())) {
            quietResult = response;
            awaitingNoop = true;
            return ReplyReader.CONTINUE;
        }
        return response;
    }

    /**
     * Checks that a meta reply answers its request: its {@code O} token must be the one sent (the
     * transport's, or the request's own), and its {@code k} key, if any, the request's key (unless
     * the key is base64: memcached 1.6.18 returns it decoded). A reply without {@code O} to a request
     * that sent one is accepted only as a miss ({@code EN}, which the protocol documents bare).
     * Returns the flags without the transport's token.
     */
    private List<MetaFlag> checkCorrelation(Request.Meta meta, MetaStatus status, List<MetaFlag> flags) {
        MetaRequest request = meta.request();
        String sent = meta.opaque() != null ? meta.opaque() : opaqueOf(request.flags());
        int opaqueAt = -1;
        for (int i = 0, size = flags.size(); i < size; i++) {
            MetaFlag f = flags.get(i);
            if (f.flag() == 'O') {
                if (opaqueAt >= 0 || sent == null || !sent.equals(f.token())) {
                    throw mismatch(meta, "opaque token " + f.token());
                }
                opaqueAt = i;
            } else if (f.flag() == 'k' && !request.base64Key() && !request.key().equals(f.token())) {
                throw mismatch(meta, "key " + f.token());
            }
        }
        if (opaqueAt < 0) {
            if (sent != null && status != MetaStatus.MISS) {
                throw mismatch(meta, "no opaque token");
            }
            return flags;
        }
        if (meta.opaque() == null) {
            return flags;
        }
        List<MetaFlag> own = new ArrayList<>(flags);
        own.remove(opaqueAt);
        return own;
    }

    private static String opaqueOf(List<MetaFlag> flags) {
        for (MetaFlag f : flags) {
            if (f.flag() == 'O') {
                return f.token();
            }
        }
        return null;
    }

    private ProtocolException mismatch(Request.Meta meta, String what) {
        MetaRequest request = meta.request();
        return new ProtocolException("reply with " + what + " to " + request.command().token() + " " + request.key()
                + (meta.opaque() != null ? " O" + meta.opaque() : "") + ": not the reply to this request ("
                + line.quoteLine() + ")");
    }

    /** Parses the flags after {@code from}, which is the end of the line or a space. */
    private List<MetaFlag> flags(int from) {
        int length = line.length();
        if (from >= length) {
            return List.of();
        }
        List<MetaFlag> parsed = new ArrayList<>();
        int at = from;
        while (at < length) {
            int start = at + 1;
            int end = line.tokenEnd(start);
            at = end;
            if (end == start) {
                continue; // tolerate repeated or trailing spaces
            }
            try {
                parsed.add(MetaFlag.of((char) (line.at(start) & 0xff), line.text(start + 1, end)));
            } catch (IllegalArgumentException e) {
                throw new ProtocolException("bad meta flag in " + line.quoteLine() + ": " + e.getMessage(), e);
            }
        }
        return parsed;
    }
}
