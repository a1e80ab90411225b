package io.memcached4j.protocol.text.server;

/** The replies the parser gives alone, before any engine sees a request: mostly memcached's refusals. */
final class EarlyReplies {
    static final String ERROR = "ERROR";
    static final String BAD_FORMAT = "CLIENT_ERROR bad command line format";
    static final String BAD_TOKEN = "CLIENT_ERROR bad token in command line format";

    private EarlyReplies() {
    }

    static ServerRequest reply(String command, String line) {
        return new ServerRequest.Reply(command, line, false);
    }

    static ServerRequest reply(String command, String line, boolean silent) {
        return new ServerRequest.Reply(command, line, silent);
    }
}
