package io.memcached4j.protocol.text.server;

import static io.memcached4j.protocol.text.server.EarlyReplies.BAD_FORMAT;
import static io.memcached4j.protocol.text.server.EarlyReplies.BAD_TOKEN;
import static io.memcached4j.protocol.text.server.EarlyReplies.ERROR;
import static io.memcached4j.protocol.text.server.EarlyReplies.reply;

import io.memcached4j.protocol.text.server.ServerRequest.StoreMode;

import java.util.List;

/**
 * Parses the meta commands' lines (mg, ms, md, ma, me) as memcached 1.6.18's {@code proto_text.c}
 * does: its flag pre-parse with duplicate and bad-token checks, base64 keys, opaque tokens and
 * the mode tokens of ms and ma.
 */
final class MetaCommandParser {
    private static final int META_MAX_TOKENS = 20;
    private static final int MAX_OPAQUE_LENGTH = 32;

    private final int itemSizeMax;
    private final DataBlocks blocks;

    MetaCommandParser(int itemSizeMax, DataBlocks blocks) {
        this.itemSizeMax = itemSizeMax;
        this.blocks = blocks;
    }

    /** The result of memcached's flag pre-parse. */
    private static final class Preparse {
        String error;
        boolean fatal;
        String key;
        boolean quiet;
        boolean base64;
        boolean value;
        boolean noBump;
        boolean invalidate;
        Integer ttl;
        Integer vivify;
        Integer recache;
        int clientFlags;
        Long cas;
        char mode;
        long initial;
        Long delta;

        MetaOptions options() {
            return new MetaOptions(quiet, base64, value, noBump, invalidate, ttl, vivify, recache, clientFlags, cas,
                    mode, initial, delta);
        }
    }

    private static Preparse preparse(CommandLine t, int start) {
        Preparse p = new Preparse();
        p.key = t.get(1);
        boolean[] seen = new boolean[127];
        boolean hasError = false;
        for (int i = start; i < t.count() - 1; i++) {
            String token = t.get(i);
            char o = token.charAt(0);
            if (o >= 127 || seen[o]) {
                p.error = "CLIENT_ERROR duplicate flag";
                p.fatal = true;
                return p;
            }
            seen[o] = true;
            String arg = token.substring(1);
            switch (o) {
                case 'b' -> {
                    String decoded = decodeBase64(t.get(1));
                    if (decoded == null) {
                        p.error = "CLIENT_ERROR error decoding key";
                        hasError = true;
                        p.key = "";
                    } else {
                        p.key = decoded;
                    }
                    p.base64 = true;
                }
                case 'N' -> {
                    p.vivify = MemcachedNumbers.parseSigned32(arg);
                    if (p.vivify == null) {
                        p.error = BAD_TOKEN;
                        hasError = true;
                    }
                }
                case 'T' -> {
                    p.ttl = MemcachedNumbers.parseSigned32(arg);
                    if (p.ttl == null) {
                        p.error = BAD_TOKEN;
                        hasError = true;
                    }
                }
                case 'R' -> {
                    p.recache = MemcachedNumbers.parseSigned32(arg);
                    if (p.recache == null) {
                        p.error = BAD_TOKEN;
                        hasError = true;
                    }
                }
                case 'l', 'O', 'P', 'L', 'k', 's', 't', 'c', 'f', 'h' -> {
                    // known; they only shape the reply
                }
                case 'v' -> p.value = true;
                case 'u' -> p.noBump = true;
                case 'q' -> p.quiet = true;
                case 'I' -> p.invalidate = true;
                case 'F' -> {
                    Long flags = MemcachedNumbers.parseUnsigned32(arg);
                    if (flags == null) {
                        hasError = true;
                    } else {
                        p.clientFlags = (int) flags.longValue();
                    }
                }
                case 'C' -> {
                    p.cas = MemcachedNumbers.parseUnsigned64(arg);
                    if (p.cas == null) {
                        p.error = BAD_TOKEN;
                        hasError = true;
                    }
                }
                case 'M' -> {
                    if (token.length() != 2) {
                        p.error = "CLIENT_ERROR incorrect length for M token";
                        hasError = true;
                    } else {
                        p.mode = token.charAt(1);
                    }
                }
                case 'J' -> {
                    Long initial = MemcachedNumbers.parseUnsigned64(arg);
                    if (initial == null) {
                        p.error = "CLIENT_ERROR invalid numeric initial value";
                        hasError = true;
                    } else {
                        p.initial = initial;
                    }
                }
                case 'D' -> {
                    p.delta = MemcachedNumbers.parseUnsigned64(arg);
                    if (p.delta == null) {
                        p.error = "CLIENT_ERROR invalid numeric delta value";
                        hasError = true;
                    }
                }
                default -> {
                    p.error = "CLIENT_ERROR invalid flag";
                    p.fatal = true;
                    return p;
                }
            }
        }
        if (hasError && p.error == null) {
            p.error = BAD_FORMAT;
        }
        return p;
    }

    private static final String BASE64_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

    /**
     * Decodes like memcached's {@code base64_decode}: characters outside the alphabet are
     * skipped, the rest must come in groups of four, and up to two {@code =} end the value.
     *
     * @return the decoded key, or null where memcached's decoder returns 0
     */
    static String decodeBase64(String encoded) {
        int count = 0;
        for (int i = 0; i < encoded.length(); i++) {
            char c = encoded.charAt(i);
            if (c == '=' || BASE64_ALPHABET.indexOf(c) >= 0) {
                count++;
            }
        }
        if (count == 0 || count % 4 != 0) {
            return null;
        }
        StringBuilder out = new StringBuilder(count / 4 * 3);
        int[] block = new int[4];
        int filled = 0;
        int pad = 0;
        for (int i = 0; i < encoded.length(); i++) {
            char c = encoded.charAt(i);
            int value = c == '=' ? 0 : BASE64_ALPHABET.indexOf(c);
            if (value < 0) {
                continue;
            }
            if (c == '=') {
                pad++;
            }
            block[filled++] = value;
            if (filled == 4) {
                out.append((char) (((block[0] << 2) | (block[1] >> 4)) & 0xFF));
                out.append((char) (((block[1] << 4) | (block[2] >> 2)) & 0xFF));
                out.append((char) (((block[2] << 6) | block[3]) & 0xFF));
                filled = 0;
                if (pad > 0) {
                    if (pad > 2) {
                        return null;
                    }
                    out.setLength(out.length() - pad);
                    break;
                }
            }
        }
        return out.length() == 0 ? null : out.toString();
    }

    private static String opaqueTooLong(CommandLine t, int start) {
        for (int i = start; i < t.count() - 1; i++) {
            String token = t.get(i);
            if (token.charAt(0) == 'O' && token.length() > MAX_OPAQUE_LENGTH) {
                return "CLIENT_ERROR opaque token too long";
            }
        }
        return null;
    }

    ServerRequest getLike(CommandLine t, String cmd) {
        int n = t.count();
        if (n < 3) {
            return reply(cmd, ERROR);
        }
        if (t.get(1).length() > ItemLimits.KEY_MAX_LENGTH) {
            return reply(cmd, BAD_FORMAT);
        }
        if (n > META_MAX_TOKENS) {
            return reply(cmd, cmd.equals("mg") ? "CLIENT_ERROR options flags are too long"
                    : "CLIENT_ERROR options flags too long");
        }
        Preparse p = preparse(t, 2);
        if (p.error != null) {
            return reply(cmd, cmd.equals("mg") ? p.error : "CLIENT_ERROR invalid or duplicate flag");
        }
        if (cmd.equals("ma") && p.mode != 0 && "I+D-".indexOf(p.mode) < 0) {
            return reply(cmd, "CLIENT_ERROR invalid mode for ma M token");
        }
        String opaqueError = opaqueTooLong(t, 2);
        if (opaqueError != null) {
            return reply(cmd, opaqueError);
        }
        return new ServerRequest.Meta(cmd, p.key, t.words().subList(2, t.words().size()), p.options(), null);
    }

    ServerRequest set(CommandLine t) {
        int n = t.count();
        if (n < 3) {
            return reply("ms", ERROR);
        }
        if (t.get(1).length() > ItemLimits.KEY_MAX_LENGTH || n == 3) {
            return reply("ms", BAD_FORMAT);
        }
        if (n > META_MAX_TOKENS) {
            return reply("ms", "CLIENT_ERROR options flags too long");
        }
        Integer vlen = MemcachedNumbers.parseSigned32(t.get(2));
        if (vlen == null || vlen < 0 || vlen > Integer.MAX_VALUE - 2) {
            return reply("ms", BAD_FORMAT);
        }
        int total = vlen + 2;
        Preparse p = preparse(t, 3);
        if (p.error != null) {
            return blocks.skip(total, reply("ms", p.error));
        }
        String opaqueError = opaqueTooLong(t, 3);
        if (opaqueError != null) {
            return blocks.skip(total, reply("ms", opaqueError));
        }
        StoreMode mode = switch (p.mode) {
            case 0, 'S' -> StoreMode.SET;
            case 'E' -> StoreMode.ADD;
            case 'A' -> StoreMode.APPEND;
            case 'P' -> StoreMode.PREPEND;
            case 'R' -> StoreMode.REPLACE;
            default -> null;
        };
        if (mode == null) {
            return blocks.skip(total, reply("ms", "CLIENT_ERROR invalid mode for ms M token"));
        }
        String key = p.key;
        if (ItemLimits.isTooLarge(itemSizeMax, key.length(), p.clientFlags, total)) {
            return blocks.skip(total, new ServerRequest.TooLarge("ms", mode, key, false));
        }
        List<String> flags = t.words().subList(3, t.words().size());
        MetaOptions options = p.options();
        return blocks.read("ms", total, false, value -> new ServerRequest.Meta("ms", key, flags, options, value));
    }

    ServerRequest debug(CommandLine t) {
        int n = t.count();
        if (n < 3 || t.get(1).length() > ItemLimits.KEY_MAX_LENGTH) {
            return reply("me", BAD_FORMAT);
        }
        String key = t.get(1);
        boolean base64 = n >= 4 && t.get(2).equals("b");
        if (base64) {
            key = decodeBase64(key);
            if (key == null) {
                return reply("me", BAD_FORMAT);
            }
        }
        return new ServerRequest.MetaDebug(key, base64);
    }
}
