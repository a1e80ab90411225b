package io.memcached4j.protocol.text.server;

import static io.memcached4j.protocol.text.server.EarlyReplies.BAD_FORMAT;
import static io.memcached4j.protocol.text.server.EarlyReplies.ERROR;
import static io.memcached4j.protocol.text.server.EarlyReplies.reply;

import io.memcached4j.protocol.text.server.ServerRequest.StoreMode;

import java.util.List;

/**
 * Parses the classic commands' lines as memcached 1.6.18's {@code proto_text.c} does: the
 * retrieval and storage commands, delete, incr/decr, touch, flush_all, verbosity, stats and the
 * administrative commands it answers alone ({@code slabs}, {@code cache_memlimit}, {@code lru}).
 */
final class ClassicCommandParser {
    private final int itemSizeMax;
    private final DataBlocks blocks;

    ClassicCommandParser(int itemSizeMax, DataBlocks blocks) {
        this.itemSizeMax = itemSizeMax;
        this.blocks = blocks;
    }

    ServerRequest get(CommandLine t, boolean withCas, boolean touch) {
        String cmd = t.get(0);
        int exptime = 0;
        int firstKey = 1;
        if (touch) {
            Integer parsed = MemcachedNumbers.parseSigned32(t.get(1));
            if (parsed == null) {
                return reply(cmd, "CLIENT_ERROR invalid exptime argument");
            }
            exptime = parsed;
            firstKey = 2;
        }
        List<String> words = t.allWords();
        List<String> keys = words.subList(Math.min(firstKey, words.size()), words.size());
        for (String key : keys) {
            if (key.length() > ItemLimits.KEY_MAX_LENGTH) {
                return reply(cmd, BAD_FORMAT);
            }
        }
        return new ServerRequest.Get(cmd, withCas, touch, exptime, keys);
    }

    ServerRequest update(CommandLine t, StoreMode mode) {
        String cmd = t.get(0);
        boolean noreply = t.noreply();
        String key = t.get(1);
        if (key.length() > ItemLimits.KEY_MAX_LENGTH) {
            return reply(cmd, BAD_FORMAT, noreply);
        }
        Long flags = MemcachedNumbers.parseUnsigned32(t.get(2));
        Integer exptime = MemcachedNumbers.parseSigned32(t.get(3));
        Integer vlen = MemcachedNumbers.parseSigned32(t.get(4));
        if (flags == null || exptime == null || vlen == null) {
            return reply(cmd, BAD_FORMAT, noreply);
        }
        long cas = 0;
        if (mode == StoreMode.CAS) {
            Long parsed = MemcachedNumbers.parseUnsigned64(t.get(5));
            if (parsed == null) {
                return reply(cmd, BAD_FORMAT, noreply);
            }
            cas = parsed;
        }
        if (vlen < 0 || vlen > Integer.MAX_VALUE - 2) {
            return reply(cmd, BAD_FORMAT, noreply);
        }
        int total = vlen + 2;
        int clientFlags = (int) flags.longValue();
        if (ItemLimits.isTooLarge(itemSizeMax, key.length(), clientFlags, total)) {
            return blocks.skip(total, new ServerRequest.TooLarge(cmd, mode, key, noreply));
        }
        long compare = cas;
        return blocks.read(cmd, total, noreply,
                value -> new ServerRequest.Store(cmd, mode, key, clientFlags, exptime, compare, value, noreply));
    }

    ServerRequest delete(CommandLine t) {
        int n = t.count();
        boolean noreply = false;
        if (n > 3) {
            boolean holdIsZero = t.get(2).equals("0");
            noreply = t.noreply();
            boolean valid = (n == 4 && (holdIsZero || noreply)) || (n == 5 && holdIsZero && noreply);
            if (!valid) {
                return reply("delete", "CLIENT_ERROR bad command line format.  Usage: delete <key> [noreply]", noreply);
            }
        }
        String key = t.get(1);
        if (key.length() > ItemLimits.KEY_MAX_LENGTH) {
            return reply("delete", BAD_FORMAT, noreply);
        }
        return new ServerRequest.Delete(key, noreply);
    }

    ServerRequest arithmetic(CommandLine t, boolean incr) {
        String cmd = t.get(0);
        boolean noreply = t.noreply();
        String key = t.get(1);
        if (key.length() > ItemLimits.KEY_MAX_LENGTH) {
            return reply(cmd, BAD_FORMAT, noreply);
        }
        Long delta = MemcachedNumbers.parseUnsigned64(t.get(2));
        if (delta == null) {
            return reply(cmd, "CLIENT_ERROR invalid numeric delta argument", noreply);
        }
        return new ServerRequest.Arithmetic(incr, key, delta, noreply);
    }

    ServerRequest touch(CommandLine t) {
        boolean noreply = t.noreply();
        String key = t.get(1);
        if (key.length() > ItemLimits.KEY_MAX_LENGTH) {
            return reply("touch", BAD_FORMAT, noreply);
        }
        Integer exptime = MemcachedNumbers.parseSigned32(t.get(2));
        if (exptime == null) {
            return reply("touch", "CLIENT_ERROR invalid exptime argument", noreply);
        }
        return new ServerRequest.Touch(key, exptime, noreply);
    }

    ServerRequest flushAll(CommandLine t) {
        boolean noreply = t.noreply();
        int delay = 0;
        if (t.count() != (noreply ? 3 : 2)) {
            Integer parsed = MemcachedNumbers.parseSigned32(t.get(1));
            if (parsed == null) {
                return reply("flush_all", "CLIENT_ERROR invalid exptime argument", noreply);
            }
            delay = parsed;
        }
        return new ServerRequest.FlushAll(delay, noreply);
    }

    ServerRequest verbosity(CommandLine t) {
        boolean noreply = t.noreply();
        Long level = MemcachedNumbers.parseUnsigned32(t.get(1));
        if (level == null) {
            return reply("verbosity", BAD_FORMAT, noreply);
        }
        return new ServerRequest.Verbosity(level, noreply);
    }

    ServerRequest stats(CommandLine t) {
        int n = t.count();
        List<String> args = t.words().subList(1, t.words().size());
        if (n == 2) {
            return new ServerRequest.Stats(args);
        }
        switch (t.get(1)) {
            case "detail":
                if (n < 4) {
                    return reply("stats", "CLIENT_ERROR usage: stats detail on|off|dump");
                }
                return switch (t.get(2)) {
                    case "on", "off" -> reply("stats", "OK");
                    case "dump" -> reply("stats", "END");
                    default -> reply("stats", "CLIENT_ERROR usage: stats detail on|off|dump");
                };
            case "cachedump":
                if (n < 5) {
                    return reply("stats", "CLIENT_ERROR bad command line");
                }
                Long id = MemcachedNumbers.parseUnsigned32(t.get(2));
                Long limit = MemcachedNumbers.parseUnsigned32(t.get(3));
                if (id == null || limit == null) {
                    return reply("stats", BAD_FORMAT);
                }
                if (id >= 64) {
                    return reply("stats", "CLIENT_ERROR Illegal slab id");
                }
                return new ServerRequest.CacheDump(id.intValue(), limit);
            default:
                return new ServerRequest.Stats(args);
        }
    }

    ServerRequest slabs(CommandLine t) {
        int n = t.count();
        if (n == 5 && t.get(1).equals("reassign")) {
            if (MemcachedNumbers.parseSigned32(t.get(2)) == null || MemcachedNumbers.parseSigned32(t.get(3)) == null) {
                return reply("slabs", BAD_FORMAT);
            }
            return reply("slabs", "NOSPARE source class has no spare pages");
        }
        if (n >= 4 && t.get(1).equals("automove")) {
            boolean noreply = t.noreply();
            if (t.get(2).equals("ratio")) {
                return reply("slabs", n < 5 || !isDouble(t.get(3)) ? ERROR : "OK", noreply);
            }
            Long level = MemcachedNumbers.parseUnsigned32(t.get(2));
            if (level == null) {
                return reply("slabs", BAD_FORMAT, noreply);
            }
            return reply("slabs", level <= 2 ? "OK" : ERROR, noreply);
        }
        return reply("slabs", ERROR);
    }

    ServerRequest memlimit(CommandLine t) {
        boolean noreply = t.noreply();
        Long limit = MemcachedNumbers.parseUnsigned32(t.get(1));
        if (limit == null) {
            return reply("cache_memlimit", ERROR, noreply);
        }
        if (limit < 8) {
            return reply("cache_memlimit", "MEMLIMIT_TOO_SMALL cannot set maxbytes to less than 8m", noreply);
        }
        if (limit > 1_000_000_000L) {
            return reply("cache_memlimit", "MEMLIMIT_ADJUST_FAILED input value is megabytes not bytes", noreply);
        }
        return reply("cache_memlimit", "OK", noreply);
    }

    ServerRequest lru(CommandLine t) {
        int n = t.count();
        boolean noreply = t.noreply();
        String sub = t.get(1);
        if (sub.equals("tune") && n >= 7) {
            Long hot = MemcachedNumbers.parseUnsigned32(t.get(2));
            Long warm = MemcachedNumbers.parseUnsigned32(t.get(3));
            if (hot == null || warm == null || !isDouble(t.get(4)) || !isDouble(t.get(5))) {
                return reply("lru", ERROR, noreply);
            }
            if (hot + warm > 80) {
                return reply("lru", "ERROR hot and warm pcts must not exceed 80", noreply);
            }
            if (Double.parseDouble(t.get(4)) <= 0 || Double.parseDouble(t.get(5)) <= 0) {
                return reply("lru", "ERROR hot/warm age factors must be greater than 0", noreply);
            }
            return reply("lru", "OK", noreply);
        }
        if (sub.equals("mode") && n >= 4) {
            String mode = t.get(2);
            return reply("lru", mode.equals("flat") || mode.equals("segmented") ? "OK" : ERROR, noreply);
        }
        if (sub.equals("temp_ttl") && n >= 4) {
            return reply("lru", MemcachedNumbers.parseSigned32(t.get(2)) == null ? ERROR : "OK", noreply);
        }
        return reply("lru", ERROR, noreply);
    }

    private static boolean isDouble(String token) {
        if (token.isEmpty() || !(Character.isDigit(token.charAt(0)) || token.charAt(0) == '-'
                || token.charAt(0) == '+' || token.charAt(0) == '.')) {
            return false;
        }
        try {
            Double.parseDouble(token);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
