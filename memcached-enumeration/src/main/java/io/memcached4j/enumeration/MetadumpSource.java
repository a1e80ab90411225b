package io.memcached4j.enumeration;

import io.memcached4j.KeyInfo;
import io.memcached4j.ProtocolException;
import io.memcached4j.ServerAddress;

/** The lines of one server's {@code lru_crawler metadump} after its first line, read at the consumer's pace. */
final class MetadumpSource implements KeySource {
    private final Lines lines;
    private final ServerAddress server;
    private final DumpContext context;
    private final String command;
    private final UnparsedLines unparsed;
    private String firstLine;
    private volatile boolean done;

    MetadumpSource(Lines lines, ServerAddress server, String command, String firstLine, DumpContext context) {
        this.lines = lines;
        this.server = server;
        this.command = command;
        this.context = context;
        this.firstLine = firstLine;
        this.unparsed = new UnparsedLines(server, command, context.unparsedLines());
    }

    @Override
    public KeyInfo next() {
        while (!done) {
            String line;
            if (firstLine != null) {
                line = firstLine;
                firstLine = null;
            } else {
                line = lines.readLine();
            }
            if (line.startsWith("key=")) {
                KeyInfo key = parse(line);
                if (key != null && context.wanted(key.key())) {
                    return key;
                }
            } else if (line.equals("END")) {
                close();
            } else if (MetadumpSupport.isError(line)) {
                close();
                throw MetadumpSupport.errorReply(line, command, server);
            } else {
                unparsed.add(line, "not a metadump line");
            }
        }
        return null;
    }

    private KeyInfo parse(String line) {
        try {
            return MetadumpParser.parse(line, server);
        } catch (ProtocolException | IllegalArgumentException e) {
            unparsed.add(line, e.getMessage());
            return null;
        }
    }

    @Override
    public void close() {
        if (!done) {
            done = true;
            lines.close();
            unparsed.report();
        }
    }
}
