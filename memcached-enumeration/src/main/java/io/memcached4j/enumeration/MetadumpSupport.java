package io.memcached4j.enumeration;

import io.memcached4j.ClientErrorException;
import io.memcached4j.MemcachedException;
import io.memcached4j.ProtocolException;
import io.memcached4j.ServerAddress;
import io.memcached4j.ServerErrorException;
import io.memcached4j.UnsupportedVersionException;

/** The messages and reply classification shared by the enumerator and the detector. */
final class MetadumpSupport {
    /** What memcached answers to {@code lru_crawler metadump} when its crawler is off. */
    static final String CRAWLER_DISABLED_REPLY = "CLIENT_ERROR lru crawler disabled";
    static final String HOW_TO_ENABLE = "enable it with `lru_crawler enable` (EnumerationOptions.builder()"
            + ".enableCrawler(true) sends it for you), or start memcached without `-o no_lru_crawler`";

    private MetadumpSupport() {
    }

    /** The message {@link io.memcached4j.CapabilityDetector#verify()} promises, naming the server. */
    static String versionRequired(String detected, ServerAddress server) {
        return "memcached version 1.4.31 or later is required for lru_crawler metadump support (detected: "
                + detected + ") on server " + server;
    }

    static UnsupportedVersionException tooOld(String rawVersion, ServerAddress server, String hint) {
        return new UnsupportedVersionException(versionRequired(rawVersion, server) + hint, rawVersion);
    }

    static ClientErrorException crawlerDisabled(ServerAddress server) {
        return new ClientErrorException("cannot enumerate the keys of " + server + ": its LRU crawler is disabled (\""
                + CRAWLER_DISABLED_REPLY + "\"); " + HOW_TO_ENABLE);
    }

    /** Tells whether a reply line is one of memcached's error lines. */
    static boolean isError(String line) {
        return line.equals("ERROR") || line.startsWith("ERROR ") || line.startsWith("CLIENT_ERROR")
                || line.startsWith("SERVER_ERROR");
    }

    /** Turns an error line into the exception of the API hierarchy, saying what was asked of which server. */
    static MemcachedException errorReply(String line, String command, ServerAddress server) {
        String message = server + " answered \"" + line + "\" to \"" + command + "\"";
        if (line.startsWith("CLIENT_ERROR")) {
            return new ClientErrorException(message);
        }
        if (line.startsWith("SERVER_ERROR")) {
            return new ServerErrorException(message);
        }
        return new ProtocolException(message);
    }

    /** Shortens a line for a message. */
    static String shown(String line) {
        return line.length() > 200 ? line.substring(0, 200) + "..." : line;
    }
}
